package io.glint.api.recommend;

import io.glint.api.ApiContext;
import io.glint.api.Endpoint;
import io.glint.api.http.ImageUrls;
import io.glint.core.health.HealthCheck;
import io.glint.domain.features.FeatureReads;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.events.EventPublisher;
import io.glint.featurestore.catalog.DynamoCatalogRepository;
import io.glint.featurestore.features.ServingFeatures;
import io.glint.featurestore.feed.DynamoFeedRepository;
import io.glint.featurestore.posts.DynamoLikeRepository;
import io.glint.featurestore.posts.DynamoPostRepository;
import io.glint.model.registry.S3ModelRegistry;
import io.glint.model.scoring.CircuitBreaker;
import io.glint.model.scoring.EmbeddedScorer;
import io.glint.model.scoring.EndpointScorer;
import io.glint.model.scoring.RankingConfig;
import io.glint.model.scoring.RankingScorer;
import io.glint.model.scoring.Scorer;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Recommendations and the ranking they share with the ranked timeline, wired from the shared clients: the SageMaker
 * endpoint behind its circuit breaker, the embedded model it falls back to, and popularity after that; the candidate
 * sources with their list and item caches; the experiment arms' ranking policy; diversification, reasons and
 * impression logging.
 */
public final class RecommendationsFeature {
    private final RecommendationService service;
    private final EmbeddedScorer embeddedModel;
    private final RankingScorer ranker;
    private final RankingConfig ranking;
    private final List<Endpoint> endpoints;

    private RecommendationsFeature(ApiContext ctx, EventPublisher events, ImageUrls imageUrls) {
        var dynamoDb = ctx.clients().dynamoDb();
        this.ranking = ctx.config().recommendations().ranking();
        this.embeddedModel = new EmbeddedScorer(
                ctx.vertx(),
                new S3ModelRegistry(ctx.vertx(), ctx.clients().s3(), ctx.names().modelsBucket()),
                ranking.modelName(),
                RankingFeatures.SCHEMA);
        Optional<Scorer> endpoint = ranking.endpointEnabled()
                ? Optional.of(new EndpointScorer(
                        ctx.clients().sageMakerRuntime(),
                        ranking.endpointName(),
                        RankingFeatures.SCHEMA,
                        ranking.timeout()))
                : Optional.empty();
        this.ranker = new RankingScorer(
                endpoint,
                new CircuitBreaker(ranking.breakerFailures(), ranking.breakerReset()),
                embeddedModel,
                ctx.meters());
        RecommendationConfig config = ctx.config().recommendations();
        FeatureReads features = (new ServingFeatures(ctx.vertx(), dynamoDb, ctx.names()));
        ItemCache items = new ItemCache(
                config.itemCacheTtl(),
                ItemReader.of(
                        features,
                        new DynamoPostRepository(ctx.vertx(), dynamoDb, ctx.names()),
                        new DynamoCatalogRepository(ctx.vertx(), dynamoDb, ctx.names()),
                        ctx.clock()),
                ctx.meters());
        CandidateSources sources = new CandidateSources(
                features,
                new DynamoFeedRepository(
                        ctx.vertx(), dynamoDb, ctx.names(), ctx.config().feed(), ctx.clock()),
                new DynamoLikeRepository(ctx.vertx(), dynamoDb, ctx.names(), ctx.clock()),
                new CandidateLists(config.listCacheTtl(), ctx.meters()),
                items,
                config.maxCandidates());
        RankingPolicy policy = RankingPolicy.of(config.experiments(), ranker);
        ImpressionLog impressions = new ImpressionLog(events, ctx.clock(), ctx.meters());
        this.service = new RecommendationService(
                sources,
                new RecommendationRanker(
                        policy, Diversifier.of(config), new ItemViews(ItemImages.of(imageUrls)), impressions),
                new TimelineRanker(features, policy, ctx.clock()),
                impressions,
                config.experiments(),
                ctx.clock());
        this.endpoints = List.of(new RecommendationsEndpoint(service, ctx.meters()), new ExploreEndpoint(service));
    }

    /**
     * @param events where impressions go
     * @param imageUrls the process's image URLs
     */
    public static RecommendationsFeature wire(ApiContext ctx, EventPublisher events, ImageUrls imageUrls) {
        return new RecommendationsFeature(ctx, events, imageUrls);
    }

    /**
     * Loads the promoted model for the embedded fallback (then checks for a new one every so often) and warms the
     * endpoint up. Never fails: until a model is loaded, the fallback is popularity.
     */
    public Future<Void> start() {
        return Future.join(embeddedModel.start(ranking.embeddedRefresh()), ranker.warmUp())
                .mapEmpty();
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** Recommendations, and the ranking the ranked timeline uses. */
    public RecommendationService service() {
        return service;
    }

    /** The ranking model kept in process for when the endpoint is away. */
    public EmbeddedScorer embeddedModel() {
        return embeddedModel;
    }

    /** How ranking is doing: the breaker's state and the embedded model's version. */
    public HealthCheck healthCheck() {
        return new RankingHealthCheck(ranker, embeddedModel);
    }
}

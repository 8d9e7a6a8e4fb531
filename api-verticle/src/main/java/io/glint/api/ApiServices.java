package io.glint.api;

import io.glint.api.analysis.SqsUploadsQueue;
import io.glint.api.analysis.UploadsQueue;
import io.glint.api.auth.AuthConfig;
import io.glint.api.auth.PasswordHasher;
import io.glint.api.http.ImageUrls;
import io.glint.api.http.RateLimits;
import io.glint.api.recommend.RecommendationService;
import io.glint.api.uploads.UploadConfig;
import io.glint.core.aws.AwsClients;
import io.glint.core.config.ResourceNames;
import io.glint.events.EventPublisher;
import io.glint.events.kinesis.KinesisEventPublisher;
import io.glint.featurestore.analysis.AnalysisRepository;
import io.glint.featurestore.analysis.DynamoAnalysisRepository;
import io.glint.featurestore.catalog.DynamoCatalogRepository;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.featurestore.features.FeatureRepository;
import io.glint.featurestore.features.ServingFeatures;
import io.glint.featurestore.feed.DynamoFeedRepository;
import io.glint.featurestore.feed.FeedRepository;
import io.glint.featurestore.posts.CommentRepository;
import io.glint.featurestore.posts.DynamoCommentRepository;
import io.glint.featurestore.posts.DynamoLikeRepository;
import io.glint.featurestore.posts.DynamoPostRepository;
import io.glint.featurestore.posts.LikeRepository;
import io.glint.featurestore.posts.PostRepository;
import io.glint.featurestore.social.DynamoFollowRepository;
import io.glint.featurestore.social.FollowRepository;
import io.glint.featurestore.uploads.DynamoUploadRepository;
import io.glint.featurestore.uploads.UploadRepository;
import io.glint.featurestore.users.DynamoRefreshTokenRepository;
import io.glint.featurestore.users.DynamoUserRepository;
import io.glint.featurestore.users.RefreshTokenRepository;
import io.glint.featurestore.users.UserRepository;
import io.glint.model.features.RankingFeatures;
import io.glint.model.registry.S3ModelRegistry;
import io.glint.model.scoring.CircuitBreaker;
import io.glint.model.scoring.EmbeddedScorer;
import io.glint.model.scoring.EndpointScorer;
import io.glint.model.scoring.RankingConfig;
import io.glint.model.scoring.RankingScorer;
import io.glint.model.scoring.Scorer;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * What the API's endpoints need beyond Vert.x, built once per process and shared by every verticle instance.
 *
 * @param users accounts
 * @param refreshTokens refresh tokens
 * @param auth token and password settings
 * @param hasher password hashing (thread-safe)
 * @param uploads upload slots
 * @param presigner signs upload URLs
 * @param uploadsBucket where uploads go
 * @param uploadConfig upload limits
 * @param rateLimits request rate limits, shared by every instance
 * @param posts posts
 * @param s3 the S3 client, for deleting a post's objects
 * @param follows the social graph
 * @param events the interaction events' way to the stream; close it (it flushes) before Vert.x
 * @param likes likes of posts
 * @param comments comments on posts
 * @param feed timelines
 * @param features the feature documents the stream workers keep, for the operator's endpoints
 * @param analyses what the analysis worker found in each upload
 * @param uploadsQueue the analysis worker's queue, for telling it about a post whose analysis came first
 * @param recommendations recommendations and the ranked timeline
 * @param embeddedModel the ranking model kept in process for when the endpoint is away; started with the API
 * @param ranker the ranking path with its fallbacks
 * @param imageUrls the images' URLs (CloudFront signed when a CDN is configured, else presigned S3), one instance per
 *     process so that its signed URLs are shared
 */
public record ApiServices(
        UserRepository users,
        RefreshTokenRepository refreshTokens,
        AuthConfig auth,
        PasswordHasher hasher,
        UploadRepository uploads,
        S3Presigner presigner,
        String uploadsBucket,
        UploadConfig uploadConfig,
        RateLimits rateLimits,
        PostRepository posts,
        S3AsyncClient s3,
        FollowRepository follows,
        EventPublisher events,
        LikeRepository likes,
        CommentRepository comments,
        FeedRepository feed,
        FeatureRepository features,
        AnalysisRepository analyses,
        UploadsQueue uploadsQueue,
        RecommendationService recommendations,
        EmbeddedScorer embeddedModel,
        RankingScorer ranker,
        ImageUrls imageUrls) {
    public ApiServices {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(refreshTokens, "refreshTokens");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(hasher, "hasher");
        Objects.requireNonNull(uploads, "uploads");
        Objects.requireNonNull(presigner, "presigner");
        Objects.requireNonNull(uploadsBucket, "uploadsBucket");
        Objects.requireNonNull(uploadConfig, "uploadConfig");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(posts, "posts");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(follows, "follows");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(likes, "likes");
        Objects.requireNonNull(comments, "comments");
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(analyses, "analyses");
        Objects.requireNonNull(uploadsQueue, "uploadsQueue");
        Objects.requireNonNull(recommendations, "recommendations");
        Objects.requireNonNull(embeddedModel, "embeddedModel");
        Objects.requireNonNull(ranker, "ranker");
        Objects.requireNonNull(imageUrls, "imageUrls");
    }

    /**
     * Loads the promoted model for the embedded fallback (then checks for a new one every {@code refresh}) and warms
     * the endpoint up. Never fails: until a model is loaded, the fallback is popularity.
     */
    public Future<Void> startRanking(java.time.Duration refresh) {
        return Future.join(embeddedModel.start(refresh), ranker.warmUp()).mapEmpty();
    }

    /**
     * The DynamoDB-backed services. Blocking (it computes a reference hash): call it at start-up. It makes no AWS call:
     * the uploads queue's URL is resolved on the first send, so the API starts while SQS is unreachable or the queue
     * is missing (the {@code sqs} health check says so, and each post that needed the queue logs a warning).
     */
    public static ApiServices dynamo(
            Vertx vertx, AwsClients clients, ResourceNames names, ApiRoleConfig config, MeterRegistry meters) {
        AuthConfig auth = config.auth();
        RankingConfig ranking = config.recommendations().ranking();
        EmbeddedScorer embedded = new EmbeddedScorer(
                vertx,
                new S3ModelRegistry(vertx, clients.s3(), names.modelsBucket()),
                ranking.modelName(),
                RankingFeatures.SCHEMA);
        Optional<Scorer> endpoint = ranking.endpointEnabled()
                ? Optional.of(new EndpointScorer(
                        clients.sageMakerRuntime(), ranking.endpointName(), RankingFeatures.SCHEMA, ranking.timeout()))
                : Optional.empty();
        RankingScorer ranker = new RankingScorer(
                endpoint, new CircuitBreaker(ranking.breakerFailures(), ranking.breakerReset()), embedded, meters);
        ImageUrls imageUrls = config.imageCdn()
                .map(cdn -> ImageUrls.cloudFront(cdn, Clock.systemUTC()))
                .orElseGet(() -> new ImageUrls(clients.s3Presigner(), names.uploadsBucket()));
        EventPublisher events = new KinesisEventPublisher(
                vertx, clients.kinesis(), names.interactionsStream(), config.events(), meters);
        FeedRepository feed =
                new DynamoFeedRepository(vertx, clients.dynamoDb(), names, config.feed(), Clock.systemUTC());
        PostRepository posts = new DynamoPostRepository(vertx, clients.dynamoDb(), names);
        LikeRepository likes = new DynamoLikeRepository(vertx, clients.dynamoDb(), names, Clock.systemUTC());
        RecommendationService recommendations = new RecommendationService(
                new ServingFeatures(vertx, clients.dynamoDb(), names),
                feed,
                posts,
                new DynamoCatalogRepository(vertx, clients.dynamoDb(), names),
                likes,
                ranker,
                events,
                imageUrls,
                config.recommendations(),
                Clock.systemUTC(),
                meters);
        return new ApiServices(
                new DynamoUserRepository(vertx, clients.dynamoDb(), names),
                new DynamoRefreshTokenRepository(clients.dynamoDb(), names),
                auth,
                new PasswordHasher(auth.passwordIterations()),
                new DynamoUploadRepository(clients.dynamoDb(), names),
                clients.s3Presigner(),
                names.uploadsBucket(),
                config.uploads(),
                config.rateLimits(),
                posts,
                clients.s3(),
                new DynamoFollowRepository(vertx, clients.dynamoDb(), names, Clock.systemUTC()),
                events,
                likes,
                new DynamoCommentRepository(clients.dynamoDb(), names),
                feed,
                new DynamoFeatureRepository(vertx, clients.dynamoDb(), names, Clock.systemUTC()),
                new DynamoAnalysisRepository(clients.dynamoDb(), names),
                new SqsUploadsQueue(clients.sqs(), names.uploadsQueue()),
                recommendations,
                embedded,
                ranker,
                imageUrls);
    }
}

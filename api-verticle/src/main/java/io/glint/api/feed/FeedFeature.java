package io.glint.api.feed;

import io.glint.api.ApiContext;
import io.glint.api.Endpoint;
import io.glint.api.http.ImageUrls;
import io.glint.api.recommend.RecommendationService;
import io.glint.featurestore.feed.DynamoFeedRepository;
import io.glint.featurestore.posts.DynamoLikeRepository;
import io.glint.featurestore.posts.DynamoPostRepository;
import io.glint.featurestore.social.DynamoFollowRepository;
import io.glint.featurestore.users.DynamoUserRepository;
import java.util.List;

/** Timelines, wired from the shared clients; the ranked mode ranks with the recommendations' ranking. */
public final class FeedFeature {
    private FeedFeature() {}

    /**
     * The feed endpoint.
     *
     * @param imageUrls the process's image URLs
     * @param recommendations ranks the timeline's posts and logs what was shown
     */
    public static List<Endpoint> wire(ApiContext ctx, ImageUrls imageUrls, RecommendationService recommendations) {
        var dynamoDb = ctx.clients().dynamoDb();
        FeedService service = new FeedService(
                new DynamoFeedRepository(
                        ctx.vertx(), dynamoDb, ctx.names(), ctx.config().feed(), ctx.clock()),
                new DynamoPostRepository(ctx.vertx(), dynamoDb, ctx.names()),
                new DynamoUserRepository(ctx.vertx(), dynamoDb, ctx.names()),
                new DynamoLikeRepository(ctx.vertx(), dynamoDb, ctx.names(), ctx.clock()),
                new DynamoFollowRepository(ctx.vertx(), dynamoDb, ctx.names(), ctx.clock()),
                new TimelineOrdering() {
                    @Override
                    public io.vertx.core.Future<RecommendationService.Ranking> rank(
                            String readerId, List<String> postIds) {
                        return recommendations.rankPosts(readerId, postIds);
                    }

                    @Override
                    public void shown(String readerId, List<String> postIds, RecommendationService.Ranking ranking) {
                        recommendations.shown(readerId, postIds, ranking);
                    }
                });
        return List.of(new FeedEndpoint(service, imageUrls));
    }
}

package io.glint.api.likes;

import io.glint.api.ApiContext;
import io.glint.api.Endpoint;
import io.glint.events.EventPublisher;
import io.glint.featurestore.posts.DynamoLikeRepository;
import io.glint.featurestore.posts.DynamoPostRepository;
import java.util.List;

/** Likes, wired from the shared clients. */
public final class LikesFeature {
    private LikesFeature() {}

    /** The likes endpoint; {@code events} is where interactions go. */
    public static List<Endpoint> wire(ApiContext ctx, EventPublisher events) {
        LikeService service = new LikeService(
                new DynamoLikeRepository(ctx.vertx(), ctx.clients().dynamoDb(), ctx.names(), ctx.clock()),
                new DynamoPostRepository(ctx.vertx(), ctx.clients().dynamoDb(), ctx.names()),
                events,
                ctx.clock());
        return List.of(new LikesEndpoint(service, ctx.config().rateLimits()));
    }
}

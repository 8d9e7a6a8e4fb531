package io.glint.api.comments;

import io.glint.api.ApiContext;
import io.glint.api.Endpoint;
import io.glint.events.EventPublisher;
import io.glint.featurestore.posts.DynamoCommentRepository;
import io.glint.featurestore.posts.DynamoPostRepository;
import java.util.List;

/** Comments, wired from the shared clients. */
public final class CommentsFeature {
    private CommentsFeature() {}

    /** The comments endpoint; {@code events} is where interactions go. */
    public static List<Endpoint> wire(ApiContext ctx, EventPublisher events) {
        CommentService service = new CommentService(
                new DynamoCommentRepository(ctx.clients().dynamoDb(), ctx.names()),
                new DynamoPostRepository(ctx.vertx(), ctx.clients().dynamoDb(), ctx.names()),
                events,
                ctx.clock());
        return List.of(new CommentsEndpoint(service, ctx.config().rateLimits()));
    }
}

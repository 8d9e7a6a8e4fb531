package io.glint.api.social;

import io.glint.api.ApiContext;
import io.glint.api.Endpoint;
import io.glint.events.EventPublisher;
import io.glint.featurestore.feed.DynamoFeedRepository;
import io.glint.featurestore.social.DynamoFollowRepository;
import io.glint.featurestore.users.DynamoUserRepository;
import java.util.List;

/** The social graph, wired from the shared clients. */
public final class SocialFeature {
    private SocialFeature() {}

    /** The follow endpoints; {@code events} is where interactions go. */
    public static List<Endpoint> wire(ApiContext ctx, EventPublisher events) {
        SocialService service = new SocialService(
                new DynamoFollowRepository(ctx.vertx(), ctx.clients().dynamoDb(), ctx.names(), ctx.clock()),
                new DynamoUserRepository(ctx.vertx(), ctx.clients().dynamoDb(), ctx.names()),
                new DynamoFeedRepository(
                        ctx.vertx(),
                        ctx.clients().dynamoDb(),
                        ctx.names(),
                        ctx.config().feed(),
                        ctx.clock()),
                events,
                ctx.clock());
        return List.of(new SocialEndpoint(service, ctx.config().rateLimits()));
    }
}

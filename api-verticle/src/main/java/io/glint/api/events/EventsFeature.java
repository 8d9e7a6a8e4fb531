package io.glint.api.events;

import io.glint.api.ApiContext;
import io.glint.api.Endpoint;
import io.glint.events.EventPublisher;
import io.glint.featurestore.catalog.DynamoCatalogRepository;
import io.glint.featurestore.posts.DynamoPostRepository;
import java.util.List;

/** Client-reported events, checked against the posts and the catalog, onto the process's publisher. */
public final class EventsFeature {
    private EventsFeature() {}

    /** The events endpoint. */
    public static List<Endpoint> wire(ApiContext ctx, EventPublisher events) {
        EventIngest ingest = new EventIngest(
                events,
                new DynamoPostRepository(ctx.vertx(), ctx.clients().dynamoDb(), ctx.names()),
                new DynamoCatalogRepository(ctx.vertx(), ctx.clients().dynamoDb(), ctx.names()),
                ctx.clock(),
                ctx.meters());
        return List.of(new EventsEndpoint(ingest, ctx.config().rateLimits()));
    }
}

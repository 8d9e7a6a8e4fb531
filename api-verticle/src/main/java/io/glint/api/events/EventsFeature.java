package io.glint.api.events;

import io.glint.api.ApiContext;
import io.glint.api.Endpoint;
import io.glint.events.EventPublisher;
import java.util.List;

/** Client-reported events, onto the process's publisher. */
public final class EventsFeature {
    private EventsFeature() {}

    /** The events endpoint. */
    public static List<Endpoint> wire(ApiContext ctx, EventPublisher events) {
        return List.of(new EventsEndpoint(new EventIngest(events), ctx.config().rateLimits()));
    }
}

package io.glint.api.events;

import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.glint.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;
import java.util.Objects;

/** {@code POST /v1/events} over {@link EventIngest}: 202 with how many events were taken. */
public final class EventsEndpoint implements Endpoint {
    private final EventIngest ingest;
    private final RateLimits limits;

    record EventBatch(List<EventIngest.ClientEvent> events) {}

    public EventsEndpoint(EventIngest ingest, RateLimits limits) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("reportEvents").addHandler(limits.perUser()).addHandler(this::report);
    }

    private void report(RoutingContext ctx) {
        String userId = Caller.userId(ctx);
        EventBatch batch = Json.read(ctx.body().buffer().getBytes(), EventBatch.class);
        ingest.report(userId, batch.events())
                .onSuccess(accepted -> Responses.json(ctx, 202, accepted))
                .onFailure(ctx::fail);
    }
}

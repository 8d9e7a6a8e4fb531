package io.glint.api.events;

import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.glint.core.error.InvalidException;
import io.glint.core.error.Problem;
import io.glint.core.json.Json;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code POST /v1/events}: clients report what the server cannot see (views, impressions) in batches. The user is the
 * caller; every other event type is the server's to emit. The whole batch is checked before any of it is published,
 * so a bad event rejects the batch and publishes nothing.
 */
public final class EventsEndpoint implements Endpoint {
    /** What a client may report; likes, follows and posts are published by the endpoints that make them happen. */
    static final Set<EventType> CLIENT_TYPES = Set.of(EventType.VIEW, EventType.IMPRESSION);

    private final EventPublisher events;
    private final RateLimits limits;

    record ClientEvent(String eventId, String type, String itemId, Instant ts, Map<String, String> context) {}

    record EventBatch(List<ClientEvent> events) {}

    record Accepted(int accepted, int dropped) {}

    public EventsEndpoint(EventPublisher events, RateLimits limits) {
        this.events = Objects.requireNonNull(events, "events");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("reportEvents").addHandler(limits.perUser()).addHandler(this::report);
    }

    private void report(RoutingContext ctx) {
        String userId = Caller.userId(ctx);
        EventBatch batch = Json.read(ctx.body().buffer().getBytes(), EventBatch.class);
        List<InteractionEvent> checked = new ArrayList<>(batch.events().size());
        for (int i = 0; i < batch.events().size(); i++) {
            checked.add(toEvent(userId, batch.events().get(i), i));
        }
        int accepted = 0;
        for (InteractionEvent event : checked) {
            if (events.publish(event)) {
                accepted++;
            }
        }
        Responses.json(ctx, 202, new Accepted(accepted, checked.size() - accepted));
    }

    private static InteractionEvent toEvent(String userId, ClientEvent event, int index) {
        String at = "/events/" + index;
        EventType type = CLIENT_TYPES.stream()
                .filter(candidate -> candidate.wireName().equals(event.type()))
                .findFirst()
                .orElseThrow(() -> new InvalidException(
                        "clients may report only view and impression events",
                        List.of(new Problem.FieldError(at + "/type", "view or impression")),
                        null));
        try {
            return new InteractionEvent(
                    event.eventId(),
                    userId,
                    event.itemId(),
                    type,
                    event.ts(),
                    event.context() == null ? Map.of() : event.context(),
                    InteractionEvent.SCHEMA_VERSION);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidException(
                    "event " + index + " is invalid: " + e.getMessage(),
                    List.of(new Problem.FieldError(at, String.valueOf(e.getMessage()))),
                    null);
        }
    }
}

package io.glint.api.events;

import io.glint.core.error.InvalidException;
import io.glint.core.error.Problem;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What clients report that the server cannot see (views, impressions), in batches. The user is the caller; every other
 * event type is the server's to emit. The whole batch is checked before any of it is published, so a bad event
 * rejects the batch and publishes nothing.
 */
public final class EventIngest {
    /** What a client may report; likes, follows and posts are published by the services that make them happen. */
    static final Set<EventType> CLIENT_TYPES = Set.of(EventType.VIEW, EventType.IMPRESSION);

    private final EventPublisher events;

    /** One event as a client reports it. */
    public record ClientEvent(String eventId, String type, String itemId, Instant ts, Map<String, String> context) {}

    /** What became of a batch: events taken by the publisher, and events it refused (its buffer was full). */
    public record Accepted(int accepted, int dropped) {}

    public EventIngest(EventPublisher events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Publishes the user's batch, all of it or none.
     *
     * @return what the publisher took; a future failed with {@link InvalidException} naming the first event that is
     *     not a view or impression or is otherwise invalid (then nothing is published)
     */
    public Future<Accepted> report(String userId, List<ClientEvent> batch) {
        List<InteractionEvent> checked = new ArrayList<>(batch.size());
        try {
            for (int i = 0; i < batch.size(); i++) {
                checked.add(toEvent(userId, batch.get(i), i));
            }
        } catch (InvalidException e) {
            return Future.failedFuture(e);
        }
        int accepted = 0;
        for (InteractionEvent event : checked) {
            if (events.publish(event)) {
                accepted++;
            }
        }
        return Future.succeededFuture(new Accepted(accepted, checked.size() - accepted));
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

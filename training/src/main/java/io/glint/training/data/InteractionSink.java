package io.glint.training.data;

import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import java.time.Instant;
import java.util.Map;

/** Receives interactions from an {@link InteractionSource}, one event at a time, in the source's order. */
@FunctionalInterface
public interface InteractionSink {
    /**
     * One event: {@code userId} did {@code type} to {@code itemId} at {@code ts}.
     *
     * @param context the event's context (labels of a published post, the author…); empty, never null
     */
    void accept(String userId, String itemId, EventType type, Instant ts, Map<String, String> context);

    /** An event decoded from the archive or the stream. */
    default void accept(InteractionEvent event) {
        accept(event.userId(), event.itemId(), event.type(), event.ts(), event.context());
    }
}

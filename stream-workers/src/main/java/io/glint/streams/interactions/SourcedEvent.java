package io.glint.streams.interactions;

import io.glint.events.InteractionEvent;
import java.util.Objects;

/**
 * An event and where it sits in its shard.
 *
 * @param event the decoded event
 * @param sequenceNumber the record's sequence number, as Kinesis writes it (compare with {@link
 *     io.glint.domain.features.SequenceNumbers})
 */
public record SourcedEvent(InteractionEvent event, String sequenceNumber) {
    public SourcedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    }
}

package io.glint.api.events;

import static io.glint.api.fakes.Outcomes.done;
import static io.glint.api.fakes.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.fakes.RecordingEvents;
import io.glint.core.error.InvalidException;
import io.glint.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What clients may report. */
class EventIngestTest {
    private final RecordingEvents events = new RecordingEvents();
    private final EventIngest ingest = new EventIngest(events);

    @Test
    void theCallerIsTheUserOfEveryEventReported() {
        EventIngest.Accepted accepted =
                done(ingest.report("ana", List.of(event("e1", "view"), event("e2", "impression"))));

        assertThat(accepted).isEqualTo(new EventIngest.Accepted(2, 0));
        assertThat(events.published).extracting(event -> event.userId()).containsOnly("ana");
        assertThat(events.published)
                .extracting(event -> event.type())
                .containsExactly(EventType.VIEW, EventType.IMPRESSION);
    }

    @Test
    void aLikeReportedByAClientRejectsTheWholeBatch() {
        assertThat(failure(ingest.report("ana", List.of(event("e1", "view"), event("e2", "like")))))
                .isInstanceOf(InvalidException.class)
                .hasMessageContaining("only view and impression");
        assertThat(events.published).isEmpty();
    }

    @Test
    void anInvalidEventRejectsTheWholeBatch() {
        assertThat(failure(ingest.report("ana", List.of(event("e1", "view"), event("", "view")))))
                .isInstanceOf(InvalidException.class)
                .hasMessageContaining("event 1 is invalid");
        assertThat(events.published).isEmpty();
    }

    @Test
    void eventsThePublisherRefusesAreCountedAsDropped() {
        events.full = true;

        assertThat(done(ingest.report("ana", List.of(event("e1", "view"))))).isEqualTo(new EventIngest.Accepted(0, 1));
    }

    private static EventIngest.ClientEvent event(String eventId, String type) {
        return new EventIngest.ClientEvent(eventId, type, "post-1", Instant.parse("2026-12-08T10:00:00Z"), Map.of());
    }
}

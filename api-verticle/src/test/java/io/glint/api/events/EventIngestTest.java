package io.glint.api.events;

import static io.glint.api.fakes.Outcomes.done;
import static io.glint.api.fakes.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.fakes.InMemoryCatalog;
import io.glint.api.fakes.InMemoryPosts;
import io.glint.api.fakes.RecordingEvents;
import io.glint.core.error.InvalidException;
import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.posts.Post;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What clients may report, and what the server decides for them. */
class EventIngestTest {
    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

    private final RecordingEvents events = new RecordingEvents();
    private final InMemoryPosts posts = new InMemoryPosts();
    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EventIngest ingest =
            new EventIngest(events, posts, catalog, Clock.fixed(NOW, ZoneOffset.UTC), meters);

    @BeforeEach
    void items() {
        post("published", "bo", Post.Status.PUBLISHED);
        post("blocked", "bo", Post.Status.BLOCKED);
        post("anasOwn", "ana", Post.Status.PROCESSING);
        done(catalog.putAll(List.of(
                new CatalogItem("film-1", "Casablanca", List.of("Drama"), Map.of(), true, Optional.empty(), NOW))));
    }

    @Test
    void theCallerIsTheUserOfEveryEventReported() {
        EventIngest.Accepted accepted = done(
                ingest.report("ana", List.of(event("e1", "view", "published"), event("e2", "impression", "film-1"))));

        assertThat(accepted).isEqualTo(new EventIngest.Accepted(2, 0));
        assertThat(events.published).extracting(InteractionEvent::userId).containsOnly("ana");
        assertThat(events.published)
                .extracting(InteractionEvent::type)
                .containsExactly(EventType.VIEW, EventType.IMPRESSION);
    }

    @Test
    void aLikeReportedByAClientRejectsTheWholeBatch() {
        assertThat(failure(ingest.report(
                        "ana", List.of(event("e1", "view", "published"), event("e2", "like", "published")))))
                .isInstanceOf(InvalidException.class)
                .hasMessageContaining("only view and impression");
        assertThat(events.published).isEmpty();
    }

    @Test
    void anInvalidEventRejectsTheWholeBatch() {
        assertThat(failure(ingest.report(
                        "ana", List.of(event("e1", "view", "published"), event("", "view", "published")))))
                .isInstanceOf(InvalidException.class)
                .hasMessageContaining("event 1 is invalid");
        assertThat(events.published).isEmpty();
    }

    @Test
    void aViewDatedBeyondTheClockWindowRejectsTheBatch() {
        for (Instant ts : List.of(NOW.plus(Duration.ofMinutes(6)), NOW.minus(Duration.ofHours(25)))) {
            assertThat(failure(ingest.report("ana", List.of(event("e1", "view", "published", ts)))))
                    .as("ts %s", ts)
                    .isInstanceOf(InvalidException.class)
                    .hasMessageContaining("outside the window");
        }
        assertThat(events.published).isEmpty();
    }

    @Test
    void aViewDatedAheadWithinTheWindowIsDatedNow() {
        done(ingest.report("ana", List.of(event("e1", "view", "published", NOW.plusSeconds(90)))));
        done(ingest.report("ana", List.of(event("e2", "view", "published", NOW.minusSeconds(90)))));

        assertThat(events.published).extracting(InteractionEvent::ts).containsExactly(NOW, NOW.minusSeconds(90));
    }

    @Test
    void eventsForItemsThatDoNotExistOrCannotBeSeenAreDroppedAndCounted() {
        EventIngest.Accepted accepted = done(ingest.report(
                "ana",
                List.of(
                        event("e1", "view", "made-up"),
                        event("e2", "view", "blocked"),
                        event("e3", "view", "anasOwn"),
                        event("e4", "view", "published"))));

        assertThat(accepted).isEqualTo(new EventIngest.Accepted(2, 2));
        assertThat(events.published).extracting(InteractionEvent::itemId).containsExactly("anasOwn", "published");
        assertThat(meters.get(EventIngest.DROPPED)
                        .tag("reason", "unknown_item")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void theServerNamesThePostsAuthorWhateverTheClientClaims() {
        done(ingest.report(
                "ana",
                List.of(
                        event("e1", "view", "published", NOW, Map.of("authorId", "ana", "surface", "feed")),
                        event("e2", "view", "film-1", NOW, Map.of("authorId", "ana")))));

        assertThat(events.published.get(0).context())
                .containsEntry("authorId", "bo")
                .containsEntry("surface", "feed");
        assertThat(events.published.get(1).context()).doesNotContainKey("authorId");
    }

    @Test
    void eventsThePublisherRefusesAreCountedAsDropped() {
        events.full = true;

        assertThat(done(ingest.report("ana", List.of(event("e1", "view", "published")))))
                .isEqualTo(new EventIngest.Accepted(0, 1));
        assertThat(meters.get(EventIngest.DROPPED)
                        .tag("reason", "buffer_full")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    private void post(String postId, String authorId, Post.Status status) {
        posts.put(new Post(
                postId, authorId, "u-" + postId, "uploads/" + authorId + "/u-" + postId, "", status, "", 0, 0, NOW));
    }

    private static EventIngest.ClientEvent event(String eventId, String type, String itemId) {
        return event(eventId, type, itemId, NOW);
    }

    private static EventIngest.ClientEvent event(String eventId, String type, String itemId, Instant ts) {
        return event(eventId, type, itemId, ts, Map.of());
    }

    private static EventIngest.ClientEvent event(
            String eventId, String type, String itemId, Instant ts, Map<String, String> context) {
        return new EventIngest.ClientEvent(eventId, type, itemId, ts, context);
    }
}

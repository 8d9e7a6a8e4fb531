package io.glint.api.recommend;

import static io.glint.api.recommend.Fakes.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.fakes.RecordingEvents;
import io.glint.api.recommend.RecommendationService.Ranking;
import io.glint.events.InteractionEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies the impressions of a ranked timeline: what the feed logs through the same log as recommendations. */
class ImpressionLogTest {
    private final RecordingEvents events = new RecordingEvents();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ImpressionLog log = new ImpressionLog(events, Clock.fixed(NOW, ZoneOffset.UTC), registry);

    @Test
    void aShownTimelineIsLoggedPositionByPositionWithItsRankingAndALongModelVersionCut() {
        String longVersion = "v".repeat(300);
        Ranking ranking =
                new Ranking(List.of("b", "a"), new float[] {2, 1}, longVersion, "embedded", "ranking-v1=model");

        log.shown("ana", List.of("b", "a"), ranking);

        assertThat(events.published).extracting(InteractionEvent::itemId).containsExactly("b", "a");
        assertThat(events.published.get(0).ts()).isEqualTo(NOW);
        assertThat(events.published.get(1).context())
                .containsEntry("position", "1")
                .containsEntry("source", "timeline")
                .containsEntry("servedBy", "embedded")
                .containsEntry("experiment", "ranking-v1=model")
                .containsEntry("modelVersion", "v".repeat(200))
                .doesNotContainKey("authorId");
        assertThat(registry.get(ImpressionLog.IMPRESSIONS)
                        .tag("outcome", "logged")
                        .counter()
                        .count())
                .isEqualTo(2);
    }
}

package io.glint.domain.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowedCounterTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void eachWindowCountsTheEventsOfItsSpan() {
        WindowedCounter counter = new WindowedCounter();
        counter.add(NOW.minus(Duration.ofMinutes(10)), 1);
        counter.add(NOW.minus(Duration.ofHours(3)), 2);
        counter.add(NOW.minus(Duration.ofDays(2)), 4);
        counter.add(NOW.minus(Duration.ofDays(30)), 8);

        assertThat(counter.windows(NOW)).isEqualTo(new WindowedCounter.Windows(15, 1, 3, 7));
    }

    @Test
    void oldBucketsAreDroppedSoTheCounterStaysBounded() {
        WindowedCounter counter = new WindowedCounter();
        for (int minute = 0; minute < 60 * 24 * 30; minute += 5) {
            counter.add(NOW.minus(Duration.ofMinutes(minute)), 1);
        }
        String json = Json.writeString(counter);

        assertThat(counter.total()).isEqualTo(60 * 24 * 30 / 5);
        assertThat(counter.windows(NOW).last1h()).isEqualTo(12);
        // 12 five-minute buckets, 24 hours and 7 days at most, whatever the history.
        assertThat(json.split(":").length).isLessThan(12 + 24 + 7 + 10);
    }

    @Test
    void aCounterReadsBackAsItWasWritten() throws Exception {
        WindowedCounter counter = new WindowedCounter();
        counter.add(NOW, 3);
        counter.add(NOW.minus(Duration.ofHours(5)), -1);

        WindowedCounter read = Json.mapper().readValue(Json.writeString(counter), WindowedCounter.class);

        assertThat(read.windows(NOW)).isEqualTo(counter.windows(NOW));
    }
}

package io.glint.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.streams.interactions.InteractionShardHandler;
import org.junit.jupiter.api.Test;

/** Verifies that the log metric filters behind alarms match the lines the code logs, word for word. */
class LogMetricFiltersTest {
    @Test
    void thePoisonEventAlarmCountsTheLineTheStreamWorkersLog() {
        String pattern = Template.load("observability.yaml")
                .resource("PoisonEventMetric")
                .path("Properties")
                .path("FilterPattern")
                .asText();

        assertThat(pattern).isEqualTo("\"" + InteractionShardHandler.POISON_LOG + "\"");
    }
}

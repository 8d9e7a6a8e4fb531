package io.glint.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void percentilesAreNearestRank() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertThat(RunSummary.quantile(sorted, 0.50)).isEqualTo(50);
        assertThat(RunSummary.quantile(sorted, 0.99)).isEqualTo(99);
        assertThat(RunSummary.quantile(sorted, 0.999)).isEqualTo(100);
        assertThat(RunSummary.quantile(new double[] {7}, 0.99)).isEqualTo(7);
    }

    @Test
    void samplesAreSummarisedWithTheRateAtFullLoad() {
        ArrayNode pairs = JSON.createArrayNode();
        // 10 s of ramp at 1/s, then 20 s at 5/s: the rate over the last 20 s is 5/s.
        long start = 1_700_000_000_000L;
        for (int second = 0; second < 10; second++) {
            pairs.addArray().add(start + second * 1000L).add(10.0);
        }
        for (int i = 0; i < 100; i++) {
            pairs.addArray().add(start + 10_000L + i * 200L).add(i < 98 ? 20.0 : 90.0);
        }

        JsonNode stats = RunSummary.samples(pairs, 20);

        assertThat(stats.path("samples").asInt()).isEqualTo(110);
        assertThat(stats.path("p50").asDouble()).isEqualTo(20.0);
        assertThat(stats.path("p99").asDouble()).isEqualTo(90.0);
        assertThat(stats.path("max").asDouble()).isEqualTo(90.0);
        assertThat(stats.path("perSecondAtFullLoad").asDouble()).isEqualTo(5.0);
        assertThat(stats.path("timeline")).hasSize(6);
        assertThat(stats.path("timeline").get(0).path("count").asInt()).isEqualTo(5);
        assertThat(stats.path("timeline").get(2).path("fromSecond").asInt()).isEqualTo(10);
        assertThat(stats.path("timeline").get(2).path("count").asInt()).isEqualTo(25);
        assertThat(stats.path("timeline").get(5).path("max").asDouble()).isEqualTo(90.0);
    }

    @Test
    void theServerSideGateHoldsOnlyUnderItsLimit() {
        assertThat(LoadCommand.harnessGates(Map.of(), Map.of("GET /v1/recommendations", 70.0)))
                .isEmpty();
        assertThat(LoadCommand.harnessGates(Map.of("maxServerP99Ms", "50"), Map.of("GET /v1/recommendations", 49.9)))
                .extracting(RunSummary.HarnessGate::passed)
                .containsExactly(true);
        assertThat(LoadCommand.harnessGates(Map.of("maxServerP99Ms", "50"), Map.of("GET /v1/recommendations", 50.0)))
                .extracting(RunSummary.HarnessGate::passed)
                .containsExactly(false);
        assertThat(LoadCommand.harnessGates(Map.of("maxServerP99Ms", "50"), Map.of()))
                .extracting(RunSummary.HarnessGate::passed, RunSummary.HarnessGate::actual)
                .containsExactly(tuple(false, "no samples"));
    }
}

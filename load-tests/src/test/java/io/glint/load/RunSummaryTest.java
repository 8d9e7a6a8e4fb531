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
    void phasesAreSummarisedWithWhatTheSlowestOnePercentSpentInEach() {
        ArrayNode samples = JSON.createArrayNode();
        long start = 1_700_000_000_000L;
        // 99 requests of 20 ms (5 in "user", 15 in "score"), and one of 100 ms whose "user" phase took 85.
        for (int i = 0; i < 100; i++) {
            boolean slow = i == 42;
            ArrayNode sample = samples.addArray().add(start + i * 100L).add(slow ? 100.0 : 20.0);
            sample.addObject().put("user", slow ? 85.0 : 5.0).put("score", 15.0);
        }

        JsonNode stats = RunSummary.samples(samples, 0);

        assertThat(stats.path("p99").asDouble()).isEqualTo(20.0);
        JsonNode phases = stats.path("phases");
        assertThat(phases.fieldNames()).toIterable().containsExactly("user", "score");
        assertThat(phases.path("user").path("p50").asDouble()).isEqualTo(5.0);
        assertThat(phases.path("user").path("mean").asDouble()).isEqualTo(5.8);
        assertThat(phases.path("score").path("p99").asDouble()).isEqualTo(15.0);
        // The slowest 1 % is the one request of 100 ms, which spent 85 of them in "user".
        assertThat(phases.path("user").path("meanOfSlowest").asDouble()).isEqualTo(85.0);
        assertThat(phases.path("score").path("meanOfSlowest").asDouble()).isEqualTo(15.0);
        assertThat(stats.path("slowest").path("samples").asInt()).isEqualTo(1);
        assertThat(stats.path("slowest").path("fromMs").asDouble()).isEqualTo(100.0);

        ArrayNode spread = JSON.createArrayNode();
        for (int i = 0; i < 200; i++) {
            double total = i < 198 ? 10 + i % 10 : 100;
            spread.addArray()
                    .add(start + i * 100L)
                    .add(total)
                    .addObject()
                    .put("user", i < 198 ? 4.0 : 90.0)
                    .put("score", total - (i < 198 ? 4.0 : 90.0));
        }
        JsonNode tail = RunSummary.samples(spread, 0);
        assertThat(tail.path("slowest").path("samples").asInt()).isEqualTo(2);
        assertThat(tail.path("slowest").path("meanMs").asDouble()).isEqualTo(100.0);
        assertThat(tail.path("phases").path("user").path("meanOfSlowest").asDouble())
                .isEqualTo(90.0);
        assertThat(tail.path("phases").path("score").path("meanOfSlowest").asDouble())
                .isEqualTo(10.0);
        assertThat(RunSummary.samples(
                                JSON.createArrayNode()
                                        .add(JSON.createArrayNode().add(start).add(3.0)),
                                0)
                        .has("phases"))
                .isFalse();
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

package io.glint.load.journeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasurementsTest {
    @TempDir
    Path folder;

    @Test
    void theWholeIsTheFirstMetricAndThePhasesFollowInOrder() {
        String header = "recommend;dur=23.1, route;dur=1.2, user;dur=4.0, score;desc=\"model\";dur=9.5";

        assertThat(Measurements.serverMillis(header)).isEqualTo(23.1);
        assertThat(Measurements.serverPhases(header))
                .containsExactly(Map.entry("route", 1.2), Map.entry("user", 4.0), Map.entry("score", 9.5));
        assertThat(Measurements.serverPhases("recommend;dur=5")).isEmpty();
        assertThatThrownBy(() -> Measurements.serverMillis("cache;desc=hit"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSampleKeepsItsPhasesInTheFile() throws Exception {
        Measurements measurements = new Measurements();
        measurements.serverSide("GET /v1/recommendations", 23.1, Measurements.serverPhases("r;dur=23.1, user;dur=4"));
        measurements.serverSide("GET /v1/recommendations", 5.0, Map.of());
        Path file = folder.resolve("m.json");

        measurements.write(file);

        JsonNode samples =
                new ObjectMapper().readTree(file.toFile()).path("serverSide").path("GET /v1/recommendations");
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).get(1).asDouble()).isEqualTo(23.1);
        assertThat(samples.get(0).get(2).path("user").asDouble()).isEqualTo(4.0);
        assertThat(samples.get(1)).hasSize(2);
    }
}

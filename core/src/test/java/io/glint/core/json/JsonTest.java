package io.glint.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.error.InvalidException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Sample(String name, int count, Instant at) {}

    @Test
    void recordsRoundTripWithIsoTimes() {
        Sample sample = new Sample("a", 2, Instant.parse("2026-11-22T10:15:30Z"));

        String json = Json.writeString(sample);

        assertThat(json).contains("\"at\":\"2026-11-22T10:15:30Z\"");
        assertThat(Json.read(json.getBytes(StandardCharsets.UTF_8), Sample.class))
                .isEqualTo(sample);
    }

    @Test
    void unknownFieldsAreRejectedSoClientsCannotMassAssign() {
        byte[] body = "{\"name\":\"a\",\"count\":1,\"owner\":\"someone-else\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Json.read(body, Sample.class))
                .isInstanceOf(InvalidException.class)
                .hasMessageContaining("owner");
    }

    @Test
    void malformedJsonWrongTypesAndTrailingGarbageAreInvalid() {
        assertThatThrownBy(() -> Json.read("{\"name\":".getBytes(StandardCharsets.UTF_8), Sample.class))
                .isInstanceOf(InvalidException.class);
        assertThatThrownBy(() -> Json.read("{\"count\":\"many\"}".getBytes(StandardCharsets.UTF_8), Sample.class))
                .isInstanceOf(InvalidException.class);
        assertThatThrownBy(() -> Json.read("{\"count\":1} {}".getBytes(StandardCharsets.UTF_8), Sample.class))
                .isInstanceOf(InvalidException.class);
    }
}

package io.glint.model.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointScorerTest {

    @Test
    void rowsAreCsvWithMissingValuesAsEmptyFieldsAndFloatsThatRoundTrip() {
        String csv = EndpointScorer.csv(List.of(new float[] {1.5f, Float.NaN, 0.1f}, new float[] {-2f, 3e-7f, 0f}), 3);

        assertThat(csv).isEqualTo("1.5,,0.1\n-2.0,3.0E-7,0.0\n");
        assertThat(Float.parseFloat("3.0E-7")).isEqualTo(3e-7f);
    }

    @Test
    void aRowOfAnotherWidthIsAProgrammingError() {
        assertThatThrownBy(() -> EndpointScorer.csv(List.of(new float[2]), 3)).hasMessageContaining("2 values");
    }

    @Test
    void customAttributesAreReadByKey() {
        String attributes = "model-version=v20261122-100000-abcdef, schema=0123456789abcdef";

        assertThat(EndpointScorer.attribute(attributes, "model-version")).isEqualTo("v20261122-100000-abcdef");
        assertThat(EndpointScorer.attribute(attributes, "schema")).isEqualTo("0123456789abcdef");
        assertThat(EndpointScorer.attribute(attributes, "other")).isNull();
        assertThat(EndpointScorer.attribute(null, "schema")).isNull();
    }
}

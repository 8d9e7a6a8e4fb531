package io.glint.model.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointScorerTest {

    @Test
    void rowsAreCsvWithMissingValuesAsEmptyFieldsAndFloatsThatRoundTrip() {
        String csv = EndpointScorer.csv(
                List.of(new float[] {1.5f, Float.NaN, 0.1f}, new float[] {-2f, 3e-7f, 0f}, new float[] {-0f, 1e12f, 7f
                }),
                3);

        assertThat(csv).isEqualTo("1.5,,0.1\n-2,3.0E-7,0\n-0.0,1.0E12,7\n");
        assertThat(Float.parseFloat("3.0E-7")).isEqualTo(3e-7f);
    }

    @Test
    void everyFloatWrittenParsesBackToItself() {
        java.util.Random random = new java.util.Random(7);
        float[] row = new float[1_000];
        for (int i = 0; i < row.length; i++) {
            row[i] = switch (i % 4) {
                case 0 -> random.nextInt(100_000);
                case 1 -> random.nextFloat();
                case 2 -> Float.intBitsToFloat(random.nextInt()) % 1e9f;
                default -> (float) Math.pow(2, 31) * random.nextFloat() * (random.nextBoolean() ? 1 : -1);
            };
            if (Float.isNaN(row[i])) {
                row[i] = 1;
            }
        }
        String[] fields = EndpointScorer.csv(List.of(row), row.length).strip().split(",");
        for (int i = 0; i < row.length; i++) {
            assertThat(Float.parseFloat(fields[i])).as(fields[i]).isEqualTo(row[i]);
        }
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

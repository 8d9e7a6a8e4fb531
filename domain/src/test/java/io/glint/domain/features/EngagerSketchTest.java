package io.glint.domain.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngagerSketchTest {

    @Test
    void smallCountsAreExactAndRepeatsCountOnce() {
        EngagerSketch sketch = EngagerSketch.empty();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < EngagerSketch.EXACT_LIMIT; i++) {
                sketch.add("user-" + i);
            }
        }
        assertThat(sketch.estimate()).isEqualTo(EngagerSketch.EXACT_LIMIT);
        assertThat(EngagerSketch.decode(sketch.encode()).estimate()).isEqualTo(EngagerSketch.EXACT_LIMIT);
    }

    @Test
    void largeCountsAreEstimatedWithinAFewPercentInBoundedSpace() {
        EngagerSketch sketch = EngagerSketch.empty();
        for (int i = 0; i < 50_000; i++) {
            sketch.add("user-" + i);
            sketch.add("user-" + (i / 2)); // Repeats do not count.
        }
        String encoded = sketch.encode();

        assertThat(EngagerSketch.decode(encoded).estimate()).isBetween(45_000L, 55_000L);
        assertThat(encoded.length()).isLessThan(1_400);
    }

    @Test
    void aDamagedValueReadsAsEmpty() {
        assertThat(EngagerSketch.decode("").estimate()).isZero();
        assertThat(EngagerSketch.decode("SGVsbG8=").estimate()).isZero();
    }
}

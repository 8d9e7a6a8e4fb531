package io.glint.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Dimension;
import org.junit.jupiter.api.Test;

class RenditionsTest {

    @Test
    void theLongestEdgeIsFittedAndTheAspectRatioKept() {
        assertThat(Renditions.fit(2400, 1600, 1600)).isEqualTo(new Dimension(1600, 1067));
        assertThat(Renditions.fit(1600, 2400, 1600)).isEqualTo(new Dimension(1067, 1600));
        assertThat(Renditions.fit(1600, 1067, 320)).isEqualTo(new Dimension(320, 213));
    }

    @Test
    void nothingIsUpscaledAndNoEdgeShrinksToZero() {
        assertThat(Renditions.fit(100, 80, 1600)).isEqualTo(new Dimension(100, 80));
        assertThat(Renditions.fit(1600, 1600, 1600)).isEqualTo(new Dimension(1600, 1600));
        assertThat(Renditions.fit(12_000, 1, 320)).isEqualTo(new Dimension(320, 1));
    }
}

package io.glint.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaLimitsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        MediaLimits limits = MediaLimits.defaults();

        assertThat(limits.maxBytes()).isEqualTo(20 * 1024 * 1024);
        assertThat(limits.maxPixels()).isEqualTo(40_000_000L);
        assertThat(limits.maxWidth()).isEqualTo(12_000);
        assertThat(limits.maxHeight()).isEqualTo(12_000);
        assertThat(limits.displayEdge()).isEqualTo(1600);
        assertThat(limits.thumbnailEdge()).isEqualTo(320);
        assertThat(limits.jpegQuality()).isEqualTo(0.85f);
        assertThat(MediaLimits.from(Env.of(Map.of(), RunMode.AWS))).isEqualTo(limits);
    }

    @Test
    void variablesOverrideTheDefaults() {
        Env env = Env.of(
                Map.of(
                        MediaLimits.MAX_BYTES, "1048576",
                        MediaLimits.MAX_PIXELS, "1000000",
                        MediaLimits.DISPLAY_EDGE, "1080",
                        MediaLimits.THUMBNAIL_EDGE, "200"),
                RunMode.LOCAL);

        MediaLimits limits = MediaLimits.from(env);

        assertThat(limits)
                .isEqualTo(MediaLimits.defaults()
                        .withMaxBytes(1_048_576)
                        .withMaxPixels(1_000_000)
                        .withEdges(1080, 200));
    }

    @Test
    void malformedOrOutOfRangeVariablesNameTheVariable() {
        assertThatThrownBy(() -> MediaLimits.from(Env.of(Map.of(MediaLimits.MAX_BYTES, "lots"), RunMode.LOCAL)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(MediaLimits.MAX_BYTES);
        assertThatThrownBy(() -> MediaLimits.from(Env.of(Map.of(MediaLimits.MAX_PIXELS, "0"), RunMode.LOCAL)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(MediaLimits.MAX_PIXELS);
        assertThatThrownBy(() -> MediaLimits.from(Env.of(Map.of(MediaLimits.THUMBNAIL_EDGE, "2000"), RunMode.LOCAL)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(MediaLimits.THUMBNAIL_EDGE)
                .hasMessageContaining(MediaLimits.DISPLAY_EDGE);
    }

    @Test
    void valuesOutOfRangeAreRefusedByName() {
        MediaLimits limits = MediaLimits.defaults();

        assertThatThrownBy(() -> limits.withMaxBytes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBytes");
        assertThatThrownBy(() -> limits.withMaxPixels(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPixels");
        assertThatThrownBy(() -> limits.withMaxDimensions(0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxWidth");
        assertThatThrownBy(() -> limits.withEdges(100, 200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("thumbnailEdge");
        assertThatThrownBy(() -> new MediaLimits(1, 1, 1, 1, 1, 1, Float.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jpegQuality");
        assertThatThrownBy(() -> new MediaLimits(1, 1, 1, 1, 1, 1, 0f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jpegQuality");
    }
}

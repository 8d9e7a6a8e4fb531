package io.glint.model.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.error.InvalidException;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Model names and version ids. */
class ModelIdsTest {

    @Test
    void aVersionNamesItsTimeToTheMillisecond() {
        Instant at = Instant.parse("2025-03-04T05:06:07.891Z");

        String version = ModelIds.newVersion(at, new Random(1));

        assertThat(version).startsWith("v20250304-050607-37b").matches("v\\d{8}-\\d{6}-[0-9a-f]{6}");
        assertThat(ModelIds.createdAt(version)).isEqualTo(at);
    }

    @Test
    void versionsSortByTimeEvenWithinOneSecond() {
        Random random = new Random(2);
        String earlier = ModelIds.newVersion(Instant.parse("2025-03-04T05:06:07.009Z"), random);
        String later = ModelIds.newVersion(Instant.parse("2025-03-04T05:06:07.010Z"), random);
        String nextSecond = ModelIds.newVersion(Instant.parse("2025-03-04T05:06:08Z"), random);

        assertThat(earlier).isLessThan(later);
        assertThat(later).isLessThan(nextSecond);
    }

    @Test
    void malformedVersionsAndNamesAreRefused() {
        for (String version : new String[] {
            "v20250304-050607",
            "20250304-050607-000000",
            "v20251304-050607-000000",
            "v20250304-050607-3e8000",
            "v20250304-050607-ABCDEF",
            "v20250304-050607-000000/..",
            null
        }) {
            assertThat(ModelIds.isVersion(version)).as(version).isFalse();
            assertThatThrownBy(() -> ModelIds.checkVersion(version)).isInstanceOf(InvalidException.class);
        }
        assertThat(ModelIds.checkName("ranking-2")).isEqualTo("ranking-2");
        assertThat(ModelIds.checkName("x".repeat(64))).hasSize(64);
        for (String name : new String[] {"", "-a", "A", "a_b", "a.b", "x".repeat(65), null}) {
            assertThatThrownBy(() -> ModelIds.checkName(name)).as(name).isInstanceOf(InvalidException.class);
        }
    }
}

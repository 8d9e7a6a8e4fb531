package io.glint.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.api.recommend.Experiments.Variant;
import io.glint.core.config.ConfigException;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExperimentsTest {

    @Test
    void aUserStaysInOneArmAndTheArmsGetAboutTheirShares() {
        Experiments experiments = Experiments.parse("X", "model:80, popularity:10, chronological:10");
        Map<Variant, Integer> counts = new EnumMap<>(Variant.class);
        IntStream.range(0, 10_000).forEach(i -> counts.merge(experiments.variant("user-" + i), 1, Integer::sum));

        assertThat(experiments.variant("user-42")).isEqualTo(experiments.variant("user-42"));
        assertThat(counts.get(Variant.MODEL)).isBetween(7_700, 8_300);
        assertThat(counts.get(Variant.POPULARITY)).isBetween(850, 1_150);
        assertThat(counts.get(Variant.CHRONOLOGICAL)).isBetween(850, 1_150);
    }

    @Test
    void growingAnArmMovesOnlyTheUsersItNeeds() {
        Experiments before = Experiments.parse("X", "model:90,popularity:10,chronological:0");
        Experiments after = Experiments.parse("X", "model:95,popularity:5,chronological:0");

        long moved = IntStream.range(0, 10_000)
                .filter(i -> before.variant("user-" + i) != after.variant("user-" + i))
                .count();

        assertThat(moved).isBetween(350L, 650L);
    }

    @Test
    void theHeaderNamesTheExperimentAndArm() {
        assertThat(Experiments.parse("X", "model:100").header(Variant.MODEL)).isEqualTo("ranking-v1=model");
    }

    @Test
    void aBadSplitNamesTheVariable() {
        assertThatThrownBy(() -> Experiments.parse("GLINT_EXPERIMENT_RANKING", "model:90,popularity:5"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GLINT_EXPERIMENT_RANKING must be like");
        assertThatThrownBy(() -> Experiments.parse("GLINT_EXPERIMENT_RANKING", "model:50,magic:50"))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> Experiments.parse("GLINT_EXPERIMENT_RANKING", "model=100"))
                .isInstanceOf(ConfigException.class);
    }
}

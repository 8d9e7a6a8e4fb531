package io.glint.domain.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundedScoresTest {

    @Test
    void pastTheBoundTheLowestScoreGoes() {
        Map<String, Double> scores = new HashMap<>();
        BoundedScores.add(scores, "a", 3, 3);
        BoundedScores.add(scores, "b", 1, 3);
        BoundedScores.add(scores, "c", 2, 3);
        BoundedScores.add(scores, "d", 5, 3);

        assertThat(scores).containsOnlyKeys("a", "c", "d");
    }

    @Test
    void ofEqualLowestScoresTheGreatestKeyGoes() {
        Map<String, Double> scores = new HashMap<>();
        BoundedScores.add(scores, "m", 1, 2);
        BoundedScores.add(scores, "z", 1, 2);
        BoundedScores.add(scores, "a", 1, 2);

        assertThat(scores).containsOnlyKeys("a", "m");
    }

    @Test
    void aNewKeyWithTheLowestScoreIsTheOneThatGoes() {
        Map<String, Double> scores = new HashMap<>(Map.of("a", 2.0, "b", 2.0));
        BoundedScores.add(scores, "c", 1, 2);

        assertThat(scores).containsOnly(Map.entry("a", 2.0), Map.entry("b", 2.0));
    }

    @Test
    void scoresThatFallToZeroAreDropped() {
        Map<String, Double> scores = new HashMap<>(Map.of("a", 2.0));
        BoundedScores.add(scores, "a", -2, 5);

        assertThat(scores).isEmpty();
    }
}

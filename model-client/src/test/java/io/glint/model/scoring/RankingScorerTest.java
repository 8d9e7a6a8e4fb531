package io.glint.model.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.domain.ranking.RankingFeatures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The order of the fallbacks, with scorers that succeed or fail as told (the real ones are tested on the stack). */
class RankingScorerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<float[]> rows = List.of(row(2, 0), row(5, 1), row(Float.NaN, Float.NaN));

    @Test
    void theEndpointServesWhileItAnswers() {
        RankingScorer scorer = scorer(Optional.of(fixed(ServedBy.ENDPOINT, "v2")), fixed(ServedBy.EMBEDDED, "v1"));

        Scores scores = scorer.score(rows).result();

        assertThat(scores.servedBy()).isEqualTo(ServedBy.ENDPOINT);
        assertThat(scores.modelVersion()).isEqualTo("v2");
        assertThat(registry.counter(RankingScorer.SCORED, "served_by", "endpoint")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aFailingEndpointFallsBackToTheEmbeddedModelAndOpensTheBreaker() {
        AtomicInteger calls = new AtomicInteger();
        Scorer down = ignored -> {
            calls.incrementAndGet();
            return Future.failedFuture("connection refused");
        };
        RankingScorer scorer = scorer(Optional.of(down), fixed(ServedBy.EMBEDDED, "v1"));

        for (int i = 0; i < 10; i++) {
            assertThat(scorer.score(rows).result().servedBy()).isEqualTo(ServedBy.EMBEDDED);
        }

        assertThat(calls.get()).as("the breaker opened after 3 failures").isEqualTo(3);
        assertThat(scorer.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(registry.counter(RankingScorer.ENDPOINT_FAILURES).count()).isEqualTo(3);
    }

    @Test
    void theBreakerGaugeReadsZeroWhileClosedAndTwoOnceOpen() {
        Scorer down = ignored -> Future.failedFuture("connection refused");
        RankingScorer scorer = scorer(Optional.of(down), fixed(ServedBy.EMBEDDED, "v1"));

        assertThat(registry.get(RankingScorer.BREAKER_STATE).gauge().value()).isZero();
        for (int i = 0; i < 3; i++) {
            scorer.score(rows).result();
        }

        assertThat(registry.get(RankingScorer.BREAKER_STATE).gauge().value()).isEqualTo(2);
    }

    @Test
    void withoutAnyModelPopularityServesAndNeverFails() {
        Scorer noModel = ignored -> Future.failedFuture("no model loaded");
        RankingScorer scorer = scorer(Optional.empty(), noModel);

        Scores scores = scorer.score(rows).result();

        assertThat(scores.servedBy()).isEqualTo(ServedBy.POPULARITY);
        assertThat(scores.modelVersion()).isEqualTo(PopularityScorer.VERSION);
        assertThat(scores.values()[1]).isGreaterThan(scores.values()[0]);
        assertThat(scores.values()[2]).as("nothing known: the lowest").isZero();
    }

    private RankingScorer scorer(Optional<Scorer> endpoint, Scorer embedded) {
        return new RankingScorer(endpoint, new CircuitBreaker(3, Duration.ofMinutes(1)), embedded, registry);
    }

    private static Scorer fixed(ServedBy servedBy, String version) {
        return rows -> Future.succeededFuture(new Scores(new float[rows.size()], version, servedBy));
    }

    private static float[] row(float engagers, float velocity) {
        float[] row = new float[RankingFeatures.SCHEMA.width()];
        Arrays.fill(row, Float.NaN);
        row[RankingFeatures.SCHEMA.features().indexOf("item_engagers")] = engagers;
        row[RankingFeatures.SCHEMA.features().indexOf("item_velocity_1h")] = velocity;
        return row;
    }
}

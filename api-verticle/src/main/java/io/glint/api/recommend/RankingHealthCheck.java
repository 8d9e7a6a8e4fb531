package io.glint.api.recommend;

import io.glint.core.health.HealthCheck;
import io.glint.model.scoring.EmbeddedScorer;
import io.glint.model.scoring.RankingScorer;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How recommendations are ranked now: the endpoint's circuit breaker and the model version the embedded fallback
 * holds. Always up (recommendations never fail because the model is away); the details say how degraded they are.
 */
public final class RankingHealthCheck implements HealthCheck {
    private final RankingScorer ranker;
    private final EmbeddedScorer embedded;

    public RankingHealthCheck(RankingScorer ranker, EmbeddedScorer embedded) {
        this.ranker = Objects.requireNonNull(ranker, "ranker");
        this.embedded = Objects.requireNonNull(embedded, "embedded");
    }

    @Override
    public String name() {
        return "ranking";
    }

    @Override
    public Future<Map<String, Object>> check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(
                "endpoint",
                ranker.hasEndpoint() ? ranker.breaker().state().name().toLowerCase(java.util.Locale.ROOT) : "none");
        details.put("embeddedModelVersion", embedded.version() == null ? "none (popularity)" : embedded.version());
        return Future.succeededFuture(details);
    }
}

package io.glint.model.scoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores with the best path available, and never fails: the endpoint (behind a circuit breaker), else the same model
 * evaluated in process, else popularity. Which one served is in the result, for the response and the meters.
 */
public final class RankingScorer implements Scorer {
    public static final String SCORED = "glint.ranking.scored";
    public static final String ENDPOINT_FAILURES = "glint.ranking.endpoint.failures";
    public static final String BREAKER_STATE = "glint.ranking.breaker.state";

    private static final Logger LOG = LoggerFactory.getLogger(RankingScorer.class);

    private final Optional<Scorer> endpoint;
    private final CircuitBreaker breaker;
    private final Scorer embedded;
    private final PopularityScorer popularity = new PopularityScorer();
    private final Map<ServedBy, Counter> scored = new EnumMap<>(ServedBy.class);
    private final Counter endpointFailures;

    /**
     * @param endpoint the remote model, if there is one (locally without a model server there is none)
     * @param breaker guards the endpoint
     * @param embedded the in-process model; fails while it has none
     */
    public RankingScorer(Optional<Scorer> endpoint, CircuitBreaker breaker, Scorer embedded, MeterRegistry registry) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.embedded = Objects.requireNonNull(embedded, "embedded");
        for (ServedBy path : ServedBy.values()) {
            scored.put(
                    path,
                    Counter.builder(SCORED)
                            .description("Ranking calls, by the path that scored them")
                            .tag("served_by", path.wireName())
                            .register(registry));
        }
        this.endpointFailures = Counter.builder(ENDPOINT_FAILURES)
                .description("Ranking endpoint calls that failed or timed out (each fell back)")
                .register(registry);
        Gauge.builder(BREAKER_STATE, breaker, b -> b.state().ordinal())
                .description("The ranking endpoint's circuit breaker: 0 closed, 1 half open, 2 open")
                .register(registry);
    }

    /**
     * Calls the endpoint once with a row of unknowns, outside the breaker's count, so that the first request does not
     * pay for the connection and the SDK's first-call setup (which on a cold JVM exceeds the call's deadline).
     */
    public Future<Void> warmUp() {
        if (endpoint.isEmpty()) {
            return Future.succeededFuture();
        }
        float[] unknown = new float[io.glint.domain.ranking.RankingFeatures.SCHEMA.width()];
        java.util.Arrays.fill(unknown, Float.NaN);
        return endpoint.get().score(List.of(unknown)).<Void>mapEmpty().recover(error -> {
            LOG.info("The ranking endpoint did not answer its warm-up call: {}", error.toString());
            return Future.succeededFuture();
        });
    }

    /** Whether there is an endpoint to call at all (locally, without a model server, there is none). */
    public boolean hasEndpoint() {
        return endpoint.isPresent();
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    @Override
    public Future<Scores> score(List<float[]> rows) {
        if (rows.isEmpty()) {
            return popularity.score(rows); // Nothing to rank: no model is asked.
        }
        Future<Scores> first;
        if (endpoint.isPresent() && breaker.allow()) {
            first = endpoint.get().score(rows).andThen(result -> {
                if (result.succeeded()) {
                    breaker.succeeded();
                } else {
                    breaker.failed();
                    endpointFailures.increment();
                    // Bounded: once the breaker opens, nothing is called (or logged) until its trial call.
                    LOG.warn(
                            "The ranking endpoint failed; falling back: {}",
                            result.cause().toString());
                }
            });
        } else {
            first = Future.failedFuture("the endpoint is not called");
        }
        return first.recover(ignored -> embedded.score(rows))
                .recover(ignored -> popularity.score(rows))
                .onSuccess(scores -> scored.get(scores.servedBy()).increment());
    }

    /** Scores with popularity alone: the experiment's {@code popularity} arm. */
    public Future<Scores> popularity(List<float[]> rows) {
        return popularity.score(rows).onSuccess(scores -> scored.get(scores.servedBy())
                .increment());
    }
}

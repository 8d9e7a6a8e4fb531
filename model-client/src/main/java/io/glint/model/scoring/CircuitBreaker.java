package io.glint.model.scoring;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Stops calling a dependency that keeps failing, so that requests fall back at once instead of each waiting for its
 * timeout: closed (calls go through) until {@code maxFailures} calls in a row failed, then open (no calls) for {@code
 * resetAfter}, then half-open (one trial call: its success closes the breaker, its failure opens it again).
 * Thread-safe.
 *
 * <p>The state machine is resilience4j's, configured to that behaviour: a count-based window of {@code maxFailures}
 * calls that opens at a failure rate of 100 % once it is full (so {@code maxFailures} failures in a row), one permitted
 * call when half open, and no automatic transition (the first call after {@code resetAfter} is the trial). This class
 * keeps the small API that {@link RankingScorer} and its gauge use: permission before a call, its outcome after, and
 * the state as the gauge reads it. Call durations are not reported: slowness is the SDK's attempt timeout's business,
 * and a timed-out call arrives here as a failure. Not {@code vertx-circuit-breaker}: it counts failures in a rolling
 * time window rather than in a row, and wraps the call with a timeout of its own that the SDK's makes redundant.
 */
public final class CircuitBreaker {
    /** The breaker's state, also exported as a gauge (0 closed, 1 half open, 2 open). */
    public enum State {
        CLOSED,
        HALF_OPEN,
        OPEN
    }

    /** What a failure is reported as: resilience4j wants an exception, and the caller has already logged its own. */
    private static final Exception FAILED_CALL = new Exception("the guarded call failed", null, false, false) {
        private static final long serialVersionUID = 1L;
    };

    private final io.github.resilience4j.circuitbreaker.CircuitBreaker breaker;
    private final Clock clock;
    private final Duration waitInOpenState;
    /** When the breaker last opened, by {@link #clock}; read by {@link #state()} alone. */
    private volatile Instant openedAt = Instant.MIN;

    /**
     * @param maxFailures calls failed in a row that open the breaker
     * @param resetAfter how long it stays open before a trial call
     * @throws IllegalArgumentException when {@code maxFailures} is less than 1 or {@code resetAfter} is not positive
     */
    public CircuitBreaker(int maxFailures, Duration resetAfter) {
        this(maxFailures, resetAfter, System::nanoTime);
    }

    /** With another clock than {@link System#nanoTime()}: lets tests move time. */
    CircuitBreaker(int maxFailures, Duration resetAfter, LongSupplier nanoTime) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be 1 or more, but is " + maxFailures);
        }
        if (resetAfter.isNegative() || resetAfter.isZero()) {
            throw new IllegalArgumentException("resetAfter must be positive, but is " + resetAfter);
        }
        this.clock = new MillisecondClock(nanoTime);
        // resilience4j lets the trial through strictly after its wait, counted in whole milliseconds; the breaker's
        // contract is "at resetAfter or later". On a clock of whole milliseconds, strictly after resetAfter − 1 ms is
        // exactly that. Its shortest wait is 1 ms, so a resetAfter under 2 ms waits 1–2 ms.
        this.waitInOpenState = Duration.ofMillis(Math.max(1, resetAfter.toMillis() - 1));
        this.breaker = io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
                "ranking-endpoint",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(maxFailures)
                        .minimumNumberOfCalls(maxFailures)
                        .failureRateThreshold(100)
                        .waitDurationInOpenState(waitInOpenState)
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .automaticTransitionFromOpenToHalfOpenEnabled(false)
                        .clock(clock)
                        .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            // Published on the thread that made the transition, before the call that caused it returns.
            if (event.getStateTransition().getToState()
                    == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN) {
                openedAt = clock.instant();
            }
        });
    }

    /**
     * Whether a call may go through now; when it may, its outcome must be reported with {@link #succeeded()} or
     * {@link #failed()}.
     */
    public boolean allow() {
        return breaker.tryAcquirePermission();
    }

    public void succeeded() {
        breaker.onSuccess(0, TimeUnit.NANOSECONDS);
    }

    public void failed() {
        breaker.onError(0, TimeUnit.NANOSECONDS, FAILED_CALL);
    }

    /** The state, as the gauge reads it: an open breaker whose wait is over reads half open (the next call is a trial). */
    public State state() {
        switch (breaker.getState()) {
            case CLOSED:
                return State.CLOSED;
            case HALF_OPEN:
                return State.HALF_OPEN;
            case OPEN:
                // resilience4j moves to half open only when a call asks; the same test as its own, ahead of that call.
                return clock.instant().isAfter(openedAt.plus(waitInOpenState)) ? State.HALF_OPEN : State.OPEN;
            default:
                return State.OPEN; // Forced open; disabled and metrics-only states are never configured here.
        }
    }

    /** {@code nanoTime} as a clock of whole milliseconds, the resolution at which resilience4j counts its wait. */
    private static final class MillisecondClock extends Clock {
        private final LongSupplier nanoTime;

        MillisecondClock(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(Math.floorDiv(nanoTime.getAsLong(), 1_000_000L));
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("a clock of elapsed time has no zone");
        }
    }
}

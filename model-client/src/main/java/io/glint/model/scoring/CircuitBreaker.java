package io.glint.model.scoring;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops calling a dependency that keeps failing, so that requests fall back at once instead of each waiting for its
 * timeout: closed (calls go through) until {@code maxFailures} calls in a row failed, then open (no calls) for {@code
 * resetAfter}, then half-open (one trial call: its success closes the breaker, its failure opens it again). Written
 * here while Glint was on Vert.x 5.0.10, for which the registry these machines reach has no vertx-circuit-breaker; at
 * 5.0.7, the Vert.x now used, it is served, so this class could give way to it. Its timeout we would not need: the
 * SDK's attempt timeout is ours. Thread-safe.
 */
public final class CircuitBreaker {
    /** The breaker's state, also exported as a gauge (0 closed, 1 half open, 2 open). */
    public enum State {
        CLOSED,
        HALF_OPEN,
        OPEN
    }

    private final int maxFailures;
    private final long resetAfterNanos;
    private final LongSupplier nanoTime;

    private State state = State.CLOSED;
    private int failures;
    private long openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int maxFailures, Duration resetAfter) {
        this(maxFailures, resetAfter, System::nanoTime);
    }

    CircuitBreaker(int maxFailures, Duration resetAfter, LongSupplier nanoTime) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be 1 or more, but is " + maxFailures);
        }
        if (resetAfter.isNegative() || resetAfter.isZero()) {
            throw new IllegalArgumentException("resetAfter must be positive, but is " + resetAfter);
        }
        this.maxFailures = maxFailures;
        this.resetAfterNanos = resetAfter.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Whether a call may go through now; when it may, its outcome must be reported with {@link #succeeded()} or
     * {@link #failed()}. */
    public synchronized boolean allow() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (nanoTime.getAsLong() - openedAt < resetAfterNanos) {
                    return false;
                }
                state = State.HALF_OPEN;
                trialInFlight = true;
                return true;
            case HALF_OPEN:
            default:
                if (trialInFlight) {
                    return false;
                }
                trialInFlight = true;
                return true;
        }
    }

    public synchronized void succeeded() {
        state = State.CLOSED;
        failures = 0;
        trialInFlight = false;
    }

    public synchronized void failed() {
        trialInFlight = false;
        failures++;
        if (state == State.HALF_OPEN || failures >= maxFailures) {
            state = State.OPEN;
            openedAt = nanoTime.getAsLong();
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && nanoTime.getAsLong() - openedAt >= resetAfterNanos) {
            return State.HALF_OPEN; // The next call is a trial.
        }
        return state;
    }
}

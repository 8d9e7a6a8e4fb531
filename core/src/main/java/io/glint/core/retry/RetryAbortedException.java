package io.glint.core.retry;

/**
 * A {@link BlockingRetry} call gave up before an attempt succeeded. Its cause is the last attempt's failure; when the
 * thread was interrupted, the {@link InterruptedException} is suppressed here and the thread's interrupt flag is set
 * again.
 */
public final class RetryAbortedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the retries ended. */
    public enum Reason {
        /** The backoff allowed no more attempts. */
        EXHAUSTED,
        /** The stop condition held after a failure. */
        STOPPED,
        /** The thread was interrupted while it waited to retry. */
        INTERRUPTED
    }

    private final Reason reason;
    private final int attempts;

    RetryAbortedException(Reason reason, int attempts, Exception lastFailure) {
        super(reason + " after " + attempts + " attempt(s); last failure: " + lastFailure, lastFailure);
        this.reason = reason;
        this.attempts = attempts;
    }

    public Reason reason() {
        return reason;
    }

    /** Attempts made, the first included. */
    public int attempts() {
        return attempts;
    }

    /** The last attempt's failure (the cause). */
    public Exception lastFailure() {
        return (Exception) getCause();
    }
}

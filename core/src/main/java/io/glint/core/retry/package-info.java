/**
 * The one retry policy of Glint: a {@link io.glint.core.retry.Backoff} (exponential, full jitter, bounded or unbounded
 * attempts) and two ways to run it, {@link io.glint.core.retry.VertxRetry} on Vert.x timers and {@link
 * io.glint.core.retry.BlockingRetry} on threads that may sleep.
 *
 * <p><b>Why not resilience4j-retry</b> (2.4.0, read for this): its asynchronous form, {@code
 * Retry.decorateCompletionStage(retry, scheduler, supplier)}, waits on a {@code ScheduledExecutorService}, so every
 * retry would leave the verticle's context for a scheduler thread and need bringing back; it retries the same supplier,
 * where Glint's batch calls retry only the unprocessed remainder of the previous attempt; its randomised exponential
 * interval ({@code IntervalFunction.ofExponentialRandomBackoff}) spreads a wait by a factor around its mean, not the
 * full jitter from zero that AWS recommends; and its blocking form has no stop condition (a lost lease) other than an
 * exception predicate. What remains to share is the few lines here. Circuit breaking, where the library's state machine
 * is the hard part, does come from resilience4j (see {@code io.glint.model.scoring.CircuitBreaker}).
 */
package io.glint.core.retry;

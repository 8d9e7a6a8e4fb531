package io.glint.events;

import io.vertx.core.Future;

/**
 * Sends {@link InteractionEvent}s to the interactions stream, off the request path: {@link #publish} only hands the
 * event to a bounded buffer and returns; batches go out in the background.
 *
 * <p><b>When the buffer is full, the event is dropped.</b> {@code publish} returns {@code false}, the drop is counted in
 * {@code glint.events.dropped} (tag {@code reason}), and nothing is thrown: the caller goes on and answers its request.
 * Interaction events feed analytics and recommendations, which tolerate a few missing events; a like that fails because
 * the stream is slow or down would be far worse. Events that cannot be delivered after the publisher's retries are
 * dropped and counted the same way. Delivery is therefore at most once from the publisher's side (and at least once
 * from the stream's side: a retried batch can write a record twice), so consumers deduplicate by {@code eventId}.
 *
 * <p>Implementations are thread-safe: any event loop or worker thread may publish.
 */
public interface EventPublisher {

    /**
     * Accepts the event for sending, without blocking and without I/O on the caller's thread.
     *
     * @return {@code true} when the event was buffered; {@code false} when it was refused and counted as dropped: the
     *     buffer is full, the record would be larger than the stream accepts, or the publisher is closed. Never throws
     *     for these; a {@code null} event is a programming error ({@link NullPointerException})
     */
    boolean publish(InteractionEvent event);

    /**
     * Sends what is buffered now without waiting for the next scheduled batch.
     *
     * @return a future that completes once every event accepted before this call has been delivered or dropped (and
     *     counted). It does not fail because events were dropped; it may take as long as the retries of the slowest
     *     batch.
     */
    Future<Void> flush();

    /**
     * Refuses new events, sends what is buffered, then stops. Idempotent: every call returns the same future.
     *
     * @return a future that completes when every buffered event has been delivered or dropped, or fails with a {@link
     *     java.util.concurrent.TimeoutException} when that took longer than the configured close timeout (the events
     *     still waiting are then dropped and counted with reason {@code closed})
     */
    Future<Void> close();
}

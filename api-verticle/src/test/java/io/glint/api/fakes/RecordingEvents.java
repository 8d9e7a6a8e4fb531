package io.glint.api.fakes;

import io.glint.events.EventPublisher;
import io.glint.events.InteractionEvent;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A publisher that keeps what it is given; it refuses events once {@link #full} is set, as a full buffer does. */
public final class RecordingEvents implements EventPublisher {
    public final List<InteractionEvent> published = new CopyOnWriteArrayList<>();
    public volatile boolean full;

    @Override
    public boolean publish(InteractionEvent event) {
        if (full) {
            return false;
        }
        published.add(event);
        return true;
    }

    @Override
    public Future<Void> flush() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}

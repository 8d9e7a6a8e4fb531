package io.glint.api;

import io.glint.events.InteractionEvent;
import io.glint.localstack.junit.TestStack;
import java.util.List;

/** What is on a test's interactions stream, decoded. */
public final class StreamRecords {
    private StreamRecords() {}

    /** Every event on the stream so far. */
    public static List<InteractionEvent> readAll(TestStack stack) throws Exception {
        return stack.streamRecords().values().stream()
                .flatMap(List::stream)
                .map(record -> InteractionEvent.decode(record.data().asByteArray()))
                .toList();
    }
}

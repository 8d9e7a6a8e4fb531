package io.glint.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.core.metrics.Metrics;
import io.glint.core.vertx.VertxFactory;
import io.glint.core.vertx.VertxSettings;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Verifies that the test guard sees a blocked event loop, so that every other test's silence means something. */
class BlockedEventLoopGuardTest {

    @Test
    void blockingAnEventLoopIsReportedByTheAlarm() throws Exception {
        try (Metrics metrics = new Metrics("test")) {
            Vertx vertx = VertxFactory.create(new VertxSettings(1, Duration.ofMillis(50)), metrics);
            try {
                vertx.runOnContext(ignored -> sleepOnEventLoop(400));
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> BlockedThreadAlarm.peek().stream().anyMatch(w -> w.contains("has been blocked")));
            } finally {
                vertx.close().await();
                // The warning was the point of this test: it must not fail it.
                assertThat(BlockedThreadAlarm.drain()).isNotEmpty();
            }
        }
    }

    @SuppressWarnings("BusyWait")
    private static void sleepOnEventLoop(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}

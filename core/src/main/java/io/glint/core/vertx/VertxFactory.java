package io.glint.core.vertx;

import io.glint.core.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/** Builds the process's one Vert.x instance, with its metrics in the process's registry. */
public final class VertxFactory {
    private VertxFactory() {}

    public static Vertx create(VertxSettings settings, Metrics metrics) {
        NettyWarmUp.run();
        long maxMillis = settings.maxEventLoopExecuteTime().toMillis();
        VertxOptions options = new VertxOptions()
                .setEventLoopPoolSize(settings.eventLoops())
                .setMaxEventLoopExecuteTime(maxMillis)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                // Check often enough to catch a block of the configured length.
                .setBlockedThreadCheckInterval(Math.max(10, Math.min(1000, maxMillis / 2)))
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                // Past the budget, say where: the warning carries the blocked thread's stack.
                .setWarningExceptionTime(maxMillis)
                .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS)
                .setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        // Route is the matched template (/v1/posts/:postId), never the raw path: bounded tags.
                        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE)));
        return Vertx.builder()
                .with(options)
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .build();
    }
}

package io.glint.core.vertx;

import io.glint.core.config.Env;
import java.time.Duration;

/**
 * How the process's Vert.x instance runs.
 *
 * @param eventLoops event-loop threads ({@code GLINT_EVENT_LOOPS}, default two per core)
 * @param maxEventLoopExecuteTime how long a handler may hold an event loop before Vert.x warns ({@code
 *     GLINT_MAX_EVENT_LOOP_EXECUTE_MS}); tests set it low and fail on the warning
 */
public record VertxSettings(int eventLoops, Duration maxEventLoopExecuteTime) {
    public static final String EVENT_LOOPS = "GLINT_EVENT_LOOPS";
    public static final String MAX_EVENT_LOOP_EXECUTE = "GLINT_MAX_EVENT_LOOP_EXECUTE_MS";

    public static VertxSettings from(Env env) {
        return new VertxSettings(
                env.integer(EVENT_LOOPS, 2 * Runtime.getRuntime().availableProcessors(), 1, 1024),
                env.millis(MAX_EVENT_LOOP_EXECUTE, Duration.ofSeconds(2)));
    }
}

package io.glint.core.testing;

import java.time.Duration;

/** Settings every module's tests share, set by the build (see the parent pom's Surefire configuration). */
public final class TestSettings {
    private TestSettings() {}

    /** The event-loop budget tests run with: a handler holding an event loop longer fails its test. */
    public static Duration maxEventLoopTime() {
        return Duration.ofMillis(Long.getLong("glint.test.maxEventLoopMillis", 500));
    }
}

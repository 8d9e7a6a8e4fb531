package io.glint.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.vertx.NettyWarmUp;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test (or, for what happens in class-level set-up and tear-down, the class) during which any Vert.x event
 * loop was blocked for longer than the test budget. Registered for every test through JUnit's extension
 * auto-detection.
 */
public final class FailOnBlockedEventLoop implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        // What VertxFactory does for production instances, for the ones tests create themselves.
        NettyWarmUp.run();
        BlockedThreadAlarm.drain();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        check(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check(context.getDisplayName() + " (class set-up or tear-down)");
    }

    private static void check(String where) {
        assertThat(BlockedThreadAlarm.drain())
                .as("Vert.x event loops blocked during %s", where)
                .isEmpty();
    }
}

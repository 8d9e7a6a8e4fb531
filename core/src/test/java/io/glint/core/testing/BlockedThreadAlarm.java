package io.glint.core.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * A Logback appender, attached in tests to Vert.x's blocked-thread logger, that remembers every warning, whoever created
 * the Vert.x instance that raised it. {@link FailOnBlockedEventLoop} turns them into test failures.
 */
public final class BlockedThreadAlarm extends AppenderBase<ILoggingEvent> {
    private static final List<String> WARNINGS = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder warning = new StringBuilder(event.getThreadName() + ": " + event.getFormattedMessage());
        IThrowableProxy where = event.getThrowableProxy();
        if (where != null) {
            // Vert.x attaches the blocked thread's stack: its top frames say what blocked.
            StackTraceElementProxy[] frames = where.getStackTraceElementProxyArray();
            for (int i = 0; i < Math.min(12, frames.length); i++) {
                warning.append("\n    at ").append(frames[i].getSTEAsString());
            }
        }
        synchronized (WARNINGS) {
            WARNINGS.add(warning.toString());
        }
    }

    /** The warnings since the last call, which forgets them. */
    public static List<String> drain() {
        synchronized (WARNINGS) {
            List<String> copy = List.copyOf(WARNINGS);
            WARNINGS.clear();
            return copy;
        }
    }

    /** For tests of this alarm itself. */
    static List<String> peek() {
        synchronized (WARNINGS) {
            return new ArrayList<>(WARNINGS);
        }
    }
}

package io.glint.core.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback's {@code %requestId}: the current request id, or {@code -}. */
public final class RequestIdConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        String id = RequestIds.current();
        return id == null ? "-" : id;
    }
}

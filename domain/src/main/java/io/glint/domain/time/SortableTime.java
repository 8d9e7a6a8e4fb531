package io.glint.domain.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as sort keys: ISO-8601 UTC with a fixed six-digit fraction, so that text order is time order
 * ({@link Instant#toString()} drops trailing zeros and would not sort).
 */
public final class SortableTime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private SortableTime() {}

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}

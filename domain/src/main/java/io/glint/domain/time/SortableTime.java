package io.glint.domain.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as sort keys: ISO-8601 UTC with a fixed six-digit fraction, so that text order is time order
 * ({@link Instant#toString()} drops trailing zeros and would not sort).
 */
public final class SortableTime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private SortableTime() {}

    /** How long every formatted time is. */
    public static final int LENGTH = 27;

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** Whether {@code text} is a time as {@link #format} writes it. */
    public static boolean isFormatted(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        try {
            FORMAT.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}

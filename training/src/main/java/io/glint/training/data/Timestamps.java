package io.glint.training.data;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Timestamps as data sets write them: epoch seconds (up to 12 digits), epoch milliseconds (13 digits) or ISO-8601 (an
 * instant such as {@code 2024-05-01T10:15:30Z}, a date-time with an offset, or a local date-time, taken as UTC).
 */
public final class Timestamps {
    /** The whole reason, for a line's error message. */
    static final String EXPECTED = "is not epoch seconds, epoch millis or ISO-8601";

    private Timestamps() {}

    /** The instant a text names, or null when it is none of the accepted forms (or out of range). */
    public static Instant parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (allDigits(text)) {
            if (text.length() > 13) {
                return null; // Microseconds or nanoseconds: ambiguous, refused rather than guessed.
            }
            long value = Long.parseLong(text);
            Instant instant = text.length() == 13 ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
            return inRange(instant) ? instant : null;
        }
        if (text.length() < 10 || !Character.isDigit(text.charAt(0))) {
            return null;
        }
        Instant instant = iso(text);
        return instant != null && inRange(instant) ? instant : null;
    }

    private static Instant iso(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException notAnInstant) {
            // Next form.
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException notOffset) {
            // Next form.
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException notLocal) {
            return null;
        }
    }

    /** Whether nanoseconds since the epoch hold the instant (years 1678 to 2262), as {@link Dataset} keeps times. */
    private static boolean inRange(Instant instant) {
        return instant.getEpochSecond() > Long.MIN_VALUE / 1_000_000_000L + 1
                && instant.getEpochSecond() < Long.MAX_VALUE / 1_000_000_000L - 1;
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}

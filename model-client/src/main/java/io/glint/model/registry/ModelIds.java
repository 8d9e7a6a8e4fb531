package io.glint.model.registry;

import io.glint.core.error.InvalidException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model names and version ids: both go into S3 keys, so both are checked before they are used. A version id is {@code
 * v{yyyyMMdd-HHmmss}-{6 hex}} (UTC): the first three hex digits are the millisecond, the last three random, so that ids
 * sort by publication time to the millisecond and two publications in the same millisecond still differ.
 */
public final class ModelIds {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("v(\\d{8}-\\d{6})-([0-9a-f]{3})([0-9a-f]{3})");
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ModelIds() {}

    /**
     * Checks a model name: lower-case letters, digits and '-', starting with a letter or digit, at most 64 characters.
     *
     * @throws InvalidException when it is not one
     */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidException(
                    "a model name is 1 to 64 lower-case letters, digits or '-', starting with a letter"
                            + " or digit, but is '" + name + "'");
        }
        return name;
    }

    /**
     * Checks a version id.
     *
     * @throws InvalidException when it is not of the form {@code v{yyyyMMdd-HHmmss}-{6 hex}}
     */
    public static String checkVersion(String version) {
        if (parse(version) == null) {
            throw new InvalidException("a model version looks like v20250101-120000-1a2b3c, but is '" + version + "'");
        }
        return version;
    }

    /** Whether the string is a well-formed version id. */
    public static boolean isVersion(String version) {
        return parse(version) != null;
    }

    /** A new version id for a publication at {@code at}. */
    public static String newVersion(Instant at, RandomGenerator random) {
        return "v" + SECONDS.format(at) + "-"
                + String.format(Locale.ROOT, "%03x%03x", at.getNano() / 1_000_000, random.nextInt(0x1000));
    }

    /**
     * When a version was published, from its id.
     *
     * @throws InvalidException when the id is malformed
     */
    public static Instant createdAt(String version) {
        checkVersion(version);
        return parse(version);
    }

    /** The time a version id names, or null when it is not a version id. */
    private static Instant parse(String version) {
        if (version == null) {
            return null;
        }
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.matches()) {
            return null;
        }
        int millis = Integer.parseInt(matcher.group(2), 16);
        if (millis > 999) {
            return null;
        }
        try {
            return LocalDateTime.parse(matcher.group(1), SECONDS)
                    .toInstant(ZoneOffset.UTC)
                    .plusMillis(millis);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

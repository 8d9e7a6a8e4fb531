package io.glint.streams.archive;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link ShardArchive} closes a file and uploads it. A file is also closed when the UTC hour changes, so that it
 * lies in one {@code hour=} partition; the two limits below only make files smaller and fresher than that.
 *
 * <p>The age limit is also how far the Kinesis checkpoint lags behind the records a worker has seen (the processor
 * checkpoints only what is in S3), and so how much a new owner of the shard replays after a worker dies.
 *
 * @param maxBytes uncompressed bytes after which a file is closed and uploaded ({@code GLINT_ARCHIVE_MAX_BYTES}, default
 *     16 MiB, 1 KiB–128 MiB). A file exceeds it by at most its last record. The compressed file is held in memory
 *     until it is uploaded, one per shard the worker owns; 128 MiB is also Firehose's largest buffer
 * @param maxAge age, counted from the file's first record, after which a file is uploaded ({@code
 *     GLINT_ARCHIVE_MAX_AGE_MS}, default 60 s on AWS and 5 s locally, so that local runs and tests see files soon;
 *     100 ms–1 h, since the hourly partition closes every file within the hour anyway)
 */
public record ArchiveConfig(int maxBytes, Duration maxAge) {

    public static final String MAX_BYTES = "GLINT_ARCHIVE_MAX_BYTES";
    public static final String MAX_AGE = "GLINT_ARCHIVE_MAX_AGE_MS";

    private static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
    private static final int MIN_MAX_BYTES = 1024;
    private static final int LIMIT_MAX_BYTES = 128 * 1024 * 1024;
    private static final int MIN_MAX_AGE_MS = 100;
    private static final int LIMIT_MAX_AGE_MS = 3_600_000;

    /**
     * Checks the ranges documented above.
     *
     * @throws ConfigException naming the variable of the first value out of range
     * @throws NullPointerException when {@code maxAge} is null
     */
    public ArchiveConfig {
        Objects.requireNonNull(maxAge, "maxAge");
        check(MAX_BYTES, maxBytes, MIN_MAX_BYTES, LIMIT_MAX_BYTES);
        check(MAX_AGE, maxAge.toMillis(), MIN_MAX_AGE_MS, LIMIT_MAX_AGE_MS);
    }

    /** The documented defaults of a mode: the age limit is shorter locally. */
    public static ArchiveConfig defaults(RunMode mode) {
        Objects.requireNonNull(mode, "mode");
        return new ArchiveConfig(
                DEFAULT_MAX_BYTES, mode == RunMode.AWS ? Duration.ofSeconds(60) : Duration.ofSeconds(5));
    }

    /**
     * Reads the variables, each falling back to its default in the environment's mode.
     *
     * @throws ConfigException when a variable is not a whole number or out of range (the message names it)
     */
    public static ArchiveConfig from(Env env) {
        ArchiveConfig defaults = defaults(env.mode());
        return new ArchiveConfig(
                env.integer(MAX_BYTES, defaults.maxBytes(), MIN_MAX_BYTES, LIMIT_MAX_BYTES),
                Duration.ofMillis(
                        env.integer(MAX_AGE, (int) defaults.maxAge().toMillis(), MIN_MAX_AGE_MS, LIMIT_MAX_AGE_MS)));
    }

    private static void check(String variable, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(variable + " must be between " + min + " and " + max + ", but is " + value);
        }
    }
}

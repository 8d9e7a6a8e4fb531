package io.glint.streams.candidates;

import io.glint.core.config.Env;
import java.time.Duration;
import java.util.Objects;

/**
 * The candidate indexer's settings.
 *
 * @param interval time from the end of one rebuild to the start of the next ({@code GLINT_CANDIDATES_INTERVAL_MS},
 *     default 30 s): how stale trending may be
 * @param segments parallel scan segments ({@code GLINT_CANDIDATES_SCAN_SEGMENTS}, default 4)
 */
public record CandidateIndexerConfig(Duration interval, int segments) {
    public static final String INTERVAL = "GLINT_CANDIDATES_INTERVAL_MS";
    public static final String SEGMENTS = "GLINT_CANDIDATES_SCAN_SEGMENTS";

    public CandidateIndexerConfig {
        Objects.requireNonNull(interval, "interval");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval must be at least 1 ms, but is " + interval);
        }
        if (segments < 1 || segments > 64) {
            throw new IllegalArgumentException("segments must be between 1 and 64, but is " + segments);
        }
    }

    public static CandidateIndexerConfig from(Env env) {
        return new CandidateIndexerConfig(
                env.millis(INTERVAL, Duration.ofSeconds(30)), env.integer(SEGMENTS, 4, 1, 64));
    }
}

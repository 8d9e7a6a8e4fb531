package io.glint.streams.interactions;

import io.glint.core.config.Env;
import io.glint.streams.archive.ArchiveConfig;
import io.glint.streams.kcl.StreamWorkerConfig;
import java.util.Objects;

/**
 * Everything the stream-worker role reads from the environment, read at once so that a bad variable stops the process
 * before anything starts.
 *
 * @param kcl the KCL consumer's settings
 * @param archive the event archive's file limits
 */
public record InteractionsWorkerConfig(StreamWorkerConfig kcl, ArchiveConfig archive) {
    public InteractionsWorkerConfig {
        Objects.requireNonNull(kcl, "kcl");
        Objects.requireNonNull(archive, "archive");
    }

    public static InteractionsWorkerConfig from(Env env) {
        return new InteractionsWorkerConfig(StreamWorkerConfig.from(env), ArchiveConfig.from(env));
    }
}

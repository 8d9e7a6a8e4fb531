package io.glint.streams.interactions;

import io.glint.core.config.Env;
import io.glint.streams.archive.ArchiveConfig;
import io.glint.streams.candidates.CandidateIndexerConfig;
import io.glint.streams.kcl.StreamWorkerConfig;
import java.util.Objects;

/**
 * Everything the stream-worker role reads from the environment, read at once so that a bad variable stops the process
 * before anything starts.
 *
 * @param kcl the KCL consumer's settings
 * @param archive the event archive's file limits
 * @param userCacheSize how many user feature documents a worker keeps between batches instead of reading them again
 *     ({@code GLINT_FEATURES_USER_CACHE_SIZE}, default {@value #DEFAULT_USER_CACHE_SIZE}, 0 to read every time; a
 *     document takes a few kilobytes of heap)
 * @param itemCacheSize how many item feature documents a worker keeps between batches, each for at most 30 s ({@code
 *     GLINT_FEATURES_ITEM_CACHE_SIZE}, default {@value #DEFAULT_ITEM_CACHE_SIZE}: read every time; a document
 *     takes a few kilobytes of heap)
 * @param maxPendingEvents how many decoded events a shard may queue while its previous group is being applied, before
 *     it stops fetching ({@code GLINT_FEATURES_MAX_PENDING_EVENTS}, default {@value #DEFAULT_MAX_PENDING_EVENTS}; an
 *     event takes about a kilobyte of heap)
 * @param candidates the candidate indexer's schedule (every stream-worker process rebuilds the candidate lists)
 */
public record InteractionsWorkerConfig(
        StreamWorkerConfig kcl,
        ArchiveConfig archive,
        int userCacheSize,
        int itemCacheSize,
        int maxPendingEvents,
        CandidateIndexerConfig candidates) {
    public static final String USER_CACHE_SIZE = "GLINT_FEATURES_USER_CACHE_SIZE";
    public static final String ITEM_CACHE_SIZE = "GLINT_FEATURES_ITEM_CACHE_SIZE";
    public static final String MAX_PENDING_EVENTS = "GLINT_FEATURES_MAX_PENDING_EVENTS";
    public static final int DEFAULT_USER_CACHE_SIZE = 20_000;
    /** Two and a half full {@code GetRecords} responses of a shard. */
    public static final int DEFAULT_MAX_PENDING_EVENTS = 25_000;

    private static final int MAX_MAX_PENDING_EVENTS = 1_000_000;
    /**
     * Off by default: measured on the local stack, skipping the item reads shortens each round, so a backlog is
     * applied in smaller batches that write more documents per event (0.55–0.69 instead of 0.31–0.40), and the
     * conditional writes are what bound throughput (sustained 1,770–1,810 events/s with 10,000 cached, 1,960–2,040
     * without). Where reads cost more than they do here (read units on AWS), operators can turn it on.
     */
    public static final int DEFAULT_ITEM_CACHE_SIZE = 0;

    private static final int MAX_USER_CACHE_SIZE = 1_000_000;

    public InteractionsWorkerConfig {
        Objects.requireNonNull(kcl, "kcl");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(candidates, "candidates");
        if (userCacheSize < 0 || userCacheSize > MAX_USER_CACHE_SIZE) {
            throw new IllegalArgumentException(
                    "userCacheSize must be between 0 and " + MAX_USER_CACHE_SIZE + ", but is " + userCacheSize);
        }
        if (itemCacheSize < 0 || itemCacheSize > MAX_USER_CACHE_SIZE) {
            throw new IllegalArgumentException(
                    "itemCacheSize must be between 0 and " + MAX_USER_CACHE_SIZE + ", but is " + itemCacheSize);
        }
        if (maxPendingEvents < 1 || maxPendingEvents > MAX_MAX_PENDING_EVENTS) {
            throw new IllegalArgumentException("maxPendingEvents must be between 1 and " + MAX_MAX_PENDING_EVENTS
                    + ", but is " + maxPendingEvents);
        }
    }

    public static InteractionsWorkerConfig from(Env env) {
        return new InteractionsWorkerConfig(
                StreamWorkerConfig.from(env),
                ArchiveConfig.from(env),
                env.integer(USER_CACHE_SIZE, DEFAULT_USER_CACHE_SIZE, 0, MAX_USER_CACHE_SIZE),
                env.integer(ITEM_CACHE_SIZE, DEFAULT_ITEM_CACHE_SIZE, 0, MAX_USER_CACHE_SIZE),
                env.integer(MAX_PENDING_EVENTS, DEFAULT_MAX_PENDING_EVENTS, 1, MAX_MAX_PENDING_EVENTS),
                CandidateIndexerConfig.from(env));
    }
}

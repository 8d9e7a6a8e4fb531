package io.glint.domain.feed;

import io.glint.core.config.Env;
import java.time.Duration;

/**
 * How timelines are built.
 *
 * @param pullThreshold an author with at least this many followers is not fanned out: followers merge the author's
 *     posts in when they read ({@code GLINT_FEED_PULL_THRESHOLD}, default 10,000)
 * @param entryTtl how long a post stays in the inboxes it was delivered to ({@code GLINT_FEED_ENTRY_TTL_DAYS}, default
 *     30 days)
 * @param backfillPosts how many recent posts of a newly followed account are delivered to the new follower
 *     ({@code GLINT_FEED_BACKFILL_POSTS}, default 20)
 * @param maxPullAuthors how many pulled authors one read merges in at most ({@code GLINT_FEED_MAX_PULL_AUTHORS},
 *     default 100; a user follows few accounts that large)
 */
public record FeedConfig(int pullThreshold, Duration entryTtl, int backfillPosts, int maxPullAuthors) {
    public static final String PULL_THRESHOLD = "GLINT_FEED_PULL_THRESHOLD";
    public static final String ENTRY_TTL_DAYS = "GLINT_FEED_ENTRY_TTL_DAYS";
    public static final String BACKFILL_POSTS = "GLINT_FEED_BACKFILL_POSTS";
    public static final String MAX_PULL_AUTHORS = "GLINT_FEED_MAX_PULL_AUTHORS";

    public FeedConfig {
        if (pullThreshold < 1
                || backfillPosts < 0
                || maxPullAuthors < 0
                || entryTtl.isNegative()
                || entryTtl.isZero()) {
            throw new IllegalArgumentException("feed settings out of range");
        }
    }

    public static FeedConfig defaults() {
        return new FeedConfig(10_000, Duration.ofDays(30), 20, 100);
    }

    public static FeedConfig from(Env env) {
        FeedConfig defaults = defaults();
        return new FeedConfig(
                env.integer(PULL_THRESHOLD, defaults.pullThreshold(), 1, Integer.MAX_VALUE),
                Duration.ofDays(
                        env.integer(ENTRY_TTL_DAYS, (int) defaults.entryTtl().toDays(), 1, 3650)),
                env.integer(BACKFILL_POSTS, defaults.backfillPosts(), 0, 200),
                env.integer(MAX_PULL_AUTHORS, defaults.maxPullAuthors(), 0, 1000));
    }
}

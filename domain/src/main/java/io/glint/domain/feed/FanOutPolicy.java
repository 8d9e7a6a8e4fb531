package io.glint.domain.feed;

import java.util.Objects;

/**
 * How a published post reaches its author's followers: pushed into each follower's inbox when it is published
 * (fan-out on write), or pulled by each follower when they read (fan-out on read). Pushing makes reads cheap and costs
 * one write per follower, which is fine until an author has very many followers; from {@link
 * FeedConfig#pullThreshold()} followers on, an author is pulled, for good (their followers' reads merge the author's
 * posts in). The author's own inbox always gets the post.
 */
public final class FanOutPolicy {
    /** What to do with one published post. */
    public enum Delivery {
        /** Deliver to every follower's inbox. */
        PUSH,
        /** The author has just reached the threshold: mark them pulled, deliver to nobody else. */
        SWITCH_TO_PULL,
        /** The author is pulled already: deliver to nobody else. */
        PULL
    }

    private final FeedConfig config;

    public FanOutPolicy(FeedConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * @param followerCount the author's followers now
     * @param pulled whether the author is pulled already
     */
    public Delivery delivery(long followerCount, boolean pulled) {
        if (pulled) {
            return Delivery.PULL;
        }
        return followerCount >= config.pullThreshold() ? Delivery.SWITCH_TO_PULL : Delivery.PUSH;
    }

    /**
     * What a new follower gets of an author they just followed: the author's recent posts delivered to their inbox
     * when the author is pushed; nothing when the author is pulled (their reads merge the author in).
     *
     * @return how many of the author's newest posts to deliver
     */
    public int backfill(boolean pulled) {
        return pulled ? 0 : config.backfillPosts();
    }
}

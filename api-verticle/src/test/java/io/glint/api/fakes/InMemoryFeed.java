package io.glint.api.fakes;

import io.glint.domain.feed.FeedEntry;
import io.glint.domain.feed.FeedRepository;
import io.glint.domain.posts.Post;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Timelines as lists of entries, newest first. Fan-out and the follow steps are recorded, not computed: a test puts
 * the entries it wants with {@link #deliver}. {@link #failFollowSteps} makes the follow and unfollow steps fail.
 */
public final class InMemoryFeed implements FeedRepository {
    public final Map<String, List<FeedEntry>> timelines = new ConcurrentHashMap<>();
    public final List<String> followSteps = new CopyOnWriteArrayList<>();
    public volatile boolean failFollowSteps;

    /** Puts the post on the reader's timeline. */
    public void deliver(String readerId, Post post) {
        timelines.computeIfAbsent(readerId, id -> new CopyOnWriteArrayList<>()).add(FeedEntry.of(post));
    }

    @Override
    public Future<FanOut> fanOut(Post post) {
        return Future.succeededFuture(new FanOut(0, false));
    }

    @Override
    public Future<Void> followed(String followerId, String followeeId) {
        followSteps.add("followed " + followerId + " " + followeeId);
        return failFollowSteps
                ? Future.failedFuture(new IllegalStateException("timeline unavailable"))
                : Future.succeededFuture();
    }

    @Override
    public Future<Void> unfollowed(String followerId, String followeeId) {
        followSteps.add("unfollowed " + followerId + " " + followeeId);
        return failFollowSteps
                ? Future.failedFuture(new IllegalStateException("timeline unavailable"))
                : Future.succeededFuture();
    }

    @Override
    public Future<Page> page(String userId, int limit, String cursor) {
        return Future.succeededFuture(new Page(
                timelines.getOrDefault(userId, List.of()).stream()
                        .sorted(Comparator.comparing(FeedEntry::createdAt).reversed())
                        .limit(limit)
                        .toList(),
                Optional.empty()));
    }
}

package io.glint.api.fakes;

import io.glint.domain.social.FollowRepository;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Follow edges in the order they were made; pages hold everything (no cursors). */
public final class InMemoryFollows implements FollowRepository {
    private record Edge(String follower, String followee) {}

    private final List<Edge> edges = new CopyOnWriteArrayList<>();

    @Override
    public synchronized Future<Boolean> follow(String followerId, String followeeId) {
        Edge edge = new Edge(followerId, followeeId);
        if (edges.contains(edge)) {
            return Future.succeededFuture(false);
        }
        edges.add(edge);
        return Future.succeededFuture(true);
    }

    @Override
    public Future<Boolean> unfollow(String followerId, String followeeId) {
        return Future.succeededFuture(edges.remove(new Edge(followerId, followeeId)));
    }

    @Override
    public Future<Page> following(String userId, int limit, String cursor) {
        return Future.succeededFuture(new Page(
                edges.stream()
                        .filter(edge -> edge.follower().equals(userId))
                        .map(Edge::followee)
                        .limit(limit)
                        .toList(),
                Optional.empty()));
    }

    @Override
    public Future<Page> followers(String userId, int limit, String cursor) {
        return Future.succeededFuture(new Page(
                edges.stream()
                        .filter(edge -> edge.followee().equals(userId))
                        .map(Edge::follower)
                        .limit(limit)
                        .toList(),
                Optional.empty()));
    }

    @Override
    public Future<Set<String>> followingAmong(String followerId, List<String> followeeIds) {
        return Future.succeededFuture(followeeIds.stream()
                .filter(followee -> edges.contains(new Edge(followerId, followee)))
                .collect(Collectors.toSet()));
    }
}

package io.glint.api.recommend;

import io.glint.domain.candidates.CandidateList;
import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.features.FeatureReads;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.domain.feed.FeedEntry;
import io.glint.domain.feed.FeedRepository;
import io.glint.domain.posts.LikeRepository;
import io.glint.domain.posts.Post;
import io.glint.model.scoring.Scorer;
import io.glint.model.scoring.Scores;
import io.glint.model.scoring.ServedBy;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-memory fakes of what the recommendation parts read from and write to, and builders of what they read. */
final class Fakes {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private Fakes() {}

    static Post post(String postId, String authorId, String caption) {
        return post(postId, authorId, caption, Post.Status.PUBLISHED, NOW.minusSeconds(3600));
    }

    static Post post(String postId, String authorId, String caption, Post.Status status, Instant createdAt) {
        return new Post(
                postId, authorId, "upload-" + postId, "uploads/" + postId, caption, status, "", 0, 0, createdAt);
    }

    static CatalogItem product(String itemId, String title, String category, boolean active, Optional<Long> stock) {
        return new CatalogItem(itemId, title, List.of(category), Map.of(), active, stock, NOW.minusSeconds(7200));
    }

    /** Features of an item viewed {@code views} times, in {@code categories}, and engaged with along {@code with}. */
    static ItemFeatures.View features(
            String itemId, String authorId, int views, List<String> categories, String... with) {
        ItemFeatures features = ItemFeatures.empty(itemId);
        features.authorId(authorId);
        features.labels(List.of(), categories);
        if (views > 0) {
            features.counter("view").add(NOW.minusSeconds(600), views);
        }
        for (int i = 0; i < with.length; i++) {
            features.coEngaged(with[i], with.length - i);
        }
        return features.view(NOW, 1);
    }

    /** A user with these recent items (newest first, as {@code id:type}) and category affinities. */
    static UserFeatures.View user(String userId, List<String> recent, Map<String, Double> categories) {
        UserFeatures user = UserFeatures.empty(userId);
        for (int i = 0; i < recent.size(); i++) {
            String[] item = recent.get(i).split(":");
            user.engaged(new UserFeatures.RecentItem(
                    item[0], item[1], NOW.minusSeconds(60L * (i + 1)), Integer.toString(1_000 - i)));
        }
        categories.forEach(user::addCategory);
        return user.view(NOW, 1);
    }

    static CandidateList list(String name, String... itemIds) {
        List<CandidateList.Entry> entries = new ArrayList<>();
        for (int i = 0; i < itemIds.length; i++) {
            entries.add(new CandidateList.Entry(itemIds[i], itemIds.length - i));
        }
        return new CandidateList(name, entries, NOW);
    }

    /** The model: prefers the most viewed (the first column, log of views); an item without features scores 0. */
    static final class ViewsModel implements Scorer {
        final List<Integer> batches = new CopyOnWriteArrayList<>();

        @Override
        public Future<Scores> score(List<float[]> rows) {
            batches.add(rows.size());
            float[] values = new float[rows.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Float.isNaN(rows.get(i)[0]) ? 0 : rows.get(i)[0];
            }
            return Future.succeededFuture(new Scores(values, "model-7", ServedBy.ENDPOINT));
        }
    }

    /** Popularity, as far as the tests care: every item the same. */
    static final class FlatPopularity implements Scorer {
        @Override
        public Future<Scores> score(List<float[]> rows) {
            return Future.succeededFuture(new Scores(new float[rows.size()], "popularity", ServedBy.POPULARITY));
        }
    }

    /** The features table in memory; records every read. */
    static final class FeatureTable implements FeatureReads {
        record Read(String userId, List<String> itemIds, List<String> listNames) {}

        final Map<String, UserFeatures.View> users = new HashMap<>();
        final Map<String, ItemFeatures.View> items = new HashMap<>();
        final Map<String, CandidateList> lists = new HashMap<>();
        final List<Read> reads = new CopyOnWriteArrayList<>();
        volatile RuntimeException failure;

        @Override
        public Future<FeatureReads.Snapshot> read(
                String userId, Collection<String> itemIds, Collection<String> listNames, Instant now) {
            reads.add(new Read(userId, List.copyOf(itemIds), List.copyOf(listNames)));
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            Map<String, ItemFeatures.View> foundItems = new HashMap<>();
            itemIds.stream().filter(items::containsKey).forEach(id -> foundItems.put(id, items.get(id)));
            Map<String, CandidateList> foundLists = new HashMap<>();
            listNames.stream().filter(lists::containsKey).forEach(name -> foundLists.put(name, lists.get(name)));
            return Future.succeededFuture(new FeatureReads.Snapshot(
                    Optional.ofNullable(userId == null ? null : users.get(userId)), foundItems, foundLists));
        }
    }

    /** Timelines in memory: each user's page, or a failure for every page. */
    static final class Timelines implements FeedRepository {
        final Map<String, List<FeedEntry>> pages = new HashMap<>();
        volatile RuntimeException failure;

        @Override
        public Future<FanOut> fanOut(Post post) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> followed(String followerId, String followeeId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> unfollowed(String followerId, String followeeId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Page> page(String userId, int limit, String cursor) {
            if (failure != null) {
                return Future.failedFuture(failure);
            }
            return Future.succeededFuture(new Page(pages.getOrDefault(userId, List.of()), Optional.empty()));
        }
    }

    /** Likes in memory; records which posts each look-up asked about. */
    static final class Likes implements LikeRepository {
        final Map<String, Set<String>> byUser = new HashMap<>();
        final List<List<String>> asked = new CopyOnWriteArrayList<>();

        @Override
        public Future<Boolean> like(String postId, String userId) {
            return Future.succeededFuture(
                    byUser.computeIfAbsent(userId, ignored -> new HashSet<>()).add(postId));
        }

        @Override
        public Future<Boolean> unlike(String postId, String userId) {
            return Future.succeededFuture(
                    byUser.getOrDefault(userId, new HashSet<>()).remove(postId));
        }

        @Override
        public Future<Set<String>> likedAmong(String userId, List<String> postIds) {
            asked.add(List.copyOf(postIds));
            Set<String> liked = new HashSet<>(postIds);
            liked.retainAll(byUser.getOrDefault(userId, Set.of()));
            return Future.succeededFuture(liked);
        }
    }
}

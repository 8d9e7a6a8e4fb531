package io.glint.api.recommend;

import io.glint.api.http.ServerTiming;
import io.glint.api.recommend.RecommendationService.Directory;
import io.glint.api.recommend.RecommendationService.Source;
import io.glint.domain.candidates.CandidateList;
import io.glint.domain.features.FeatureReads;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.domain.feed.FeedEntry;
import io.glint.domain.feed.FeedRepository;
import io.glint.domain.posts.LikeRepository;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The candidates for one request, and everything ranking them needs, read in three rounds, each of parallel {@code
 * BatchGetItem}s: (1) the user's features with the popular and trending lists, and the user's timeline; (2) the
 * features of the user's recent items (their co-engagement neighbours) with the lists of the user's favourite
 * categories and labels; (3) every candidate's features, post and catalog entry ({@link ItemCache}), and whether the
 * user liked it; that last look-up is needed only to filter the ranked list, so it is handed over still running, to
 * finish while the model scores. Round 2 is skipped when everything it would read is cached ({@link CandidateLists},
 * {@link ItemCache}), so under load a request reads little more than the user's own documents and likes.
 *
 * <p><b>Sources</b>, in the order a candidate found by several keeps the first: items often engaged with together with
 * the user's recent items; new posts of accounts the user follows; what is popular in the user's favourite categories
 * and with their favourite labels; trending; popular (all a new user gets).
 */
public final class CandidateSources {
    static final int RECENT_ITEMS = 10;
    static final int NEIGHBOURS_PER_ITEM = 20;
    static final int FAVOURITES = 3;
    static final int PER_LIST = 30;
    static final int TRENDING = 50;
    static final int FOLLOWING_POSTS = 50;

    private final FeatureReads features;
    private final FeedRepository feed;
    private final LikeRepository likes;
    private final CandidateLists lists;
    private final ItemCache items;
    private final int maxCandidates;

    /** @param maxCandidates candidates per request at most ({@link RecommendationConfig#maxCandidates()}) */
    public CandidateSources(
            FeatureReads features,
            FeedRepository feed,
            LikeRepository likes,
            CandidateLists lists,
            ItemCache items,
            int maxCandidates) {
        this.features = Objects.requireNonNull(features, "features");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.likes = Objects.requireNonNull(likes, "likes");
        this.lists = Objects.requireNonNull(lists, "lists");
        this.items = Objects.requireNonNull(items, "items");
        this.maxCandidates = maxCandidates;
    }

    /**
     * The candidates of every source for {@code userId}, marking {@code user}, {@code neighbours} and {@code items} in
     * {@code timing} as each round ends.
     *
     * @return the candidates; a future failed with the store's error when a read other than the timeline's failed (the
     *     timeline is one source among several: without it, the others still serve)
     */
    public Future<CandidateSet> forUser(String userId, Instant now, ServerTiming timing) {
        CandidateLists.Lookup general = lists.lookup(List.of(CandidateList.POPULAR, CandidateList.TRENDING));
        Future<FeatureReads.Snapshot> first = features.read(userId, List.of(), general.missing(), now);
        Future<List<FeedEntry>> following = feed.page(userId, FOLLOWING_POSTS, null)
                .map(FeedRepository.Page::entries)
                .otherwise(List.of());
        return Future.all(first, following).compose(done -> {
            timing.mark("user");
            Map<String, CandidateList> read = new HashMap<>(general.cached());
            read.putAll(lists.remember(general.missing(), first.result().lists(), now));
            Optional<UserFeatures.View> user = first.result().user();
            List<UserFeatures.RecentItem> recent = recentItems(user);
            CandidateLists.Lookup favourites = lists.lookup(favouriteLists(user));
            // The recent items' co-engagement neighbours: from the item cache when a request read them lately.
            Map<String, ItemCache.Known> recentKnown = items.cached(ids(recent));
            List<String> recentMissing = ids(recent).stream()
                    .filter(id -> !recentKnown.containsKey(id))
                    .toList();
            Future<FeatureReads.Snapshot> second =
                    recentMissing.isEmpty() && favourites.missing().isEmpty()
                            ? Future.succeededFuture(new FeatureReads.Snapshot(Optional.empty(), Map.of(), Map.of()))
                            : features.read(null, recentMissing, favourites.missing(), now);
            return second.compose(neighbours -> {
                timing.mark("neighbours");
                read.putAll(favourites.cached());
                read.putAll(lists.remember(favourites.missing(), neighbours.lists(), now));
                Map<String, ItemFeatures.View> recentFeatures = new HashMap<>(neighbours.items());
                recentKnown.forEach((id, known) -> {
                    if (known.features() != null) {
                        recentFeatures.put(id, known.features());
                    }
                });
                Map<String, Candidate> candidates =
                        candidates(userId, user, recent, recentFeatures, following.result(), read);
                return withItems(userId, user, recent, candidates, timing);
            });
        });
    }

    /**
     * The candidates of one list, what the explore page shows: its items as {@link Source#LABEL} or {@link
     * Source#CATEGORY} candidates.
     *
     * @param listName {@link CandidateList#label} or {@link CandidateList#category} of what the user asked for
     * @return the candidates; a future failed with the store's error when a read failed
     * @throws IllegalArgumentException when {@code listName} is neither a label's nor a category's list
     */
    public Future<CandidateSet> fromList(String userId, String listName, Instant now) {
        String label = CandidateList.labelOf(listName);
        String category = CandidateList.categoryOf(listName);
        if (label == null && category == null) {
            throw new IllegalArgumentException("not a label or category list: " + listName);
        }
        CandidateLists.Lookup lookup = lists.lookup(List.of(listName));
        return features.read(userId, List.of(), lookup.missing(), now).compose(snapshot -> {
            Map<String, CandidateList> read = new HashMap<>(lookup.cached());
            read.putAll(lists.remember(lookup.missing(), snapshot.lists(), now));
            Optional<UserFeatures.View> user = snapshot.user();
            Map<String, Candidate> candidates = new LinkedHashMap<>();
            if (label != null) {
                fromList(candidates, read, listName, CandidateList.MAX_ENTRIES, Source.LABEL, label);
            } else {
                fromList(candidates, read, listName, CandidateList.MAX_ENTRIES, Source.CATEGORY, category);
            }
            return withItems(userId, user, recentItems(user), candidates, ServerTiming.starting());
        });
    }

    /**
     * The directory of the category and label lists, as the candidate indexer last wrote it.
     *
     * @return the directory (empty before the indexer wrote one); a future failed with the store's error when the read
     *     failed
     */
    public Future<Directory> directory(Instant now) {
        CandidateLists.Lookup lookup = lists.lookup(List.of(CandidateList.DIRECTORY));
        Future<Map<String, CandidateList>> read = lookup.missing().isEmpty()
                ? Future.succeededFuture(lookup.cached())
                : features.read(null, List.of(), lookup.missing(), now)
                        .map(snapshot -> lists.remember(lookup.missing(), snapshot.lists(), now));
        return read.map(found -> {
            List<String> labels = new ArrayList<>();
            List<String> categories = new ArrayList<>();
            for (CandidateList.Entry entry : found.get(CandidateList.DIRECTORY).entries()) {
                String label = CandidateList.labelOf(entry.itemId());
                String category = CandidateList.categoryOf(entry.itemId());
                if (label != null) {
                    labels.add(label);
                } else if (category != null) {
                    categories.add(category);
                }
            }
            return new Directory(labels, categories);
        });
    }

    /** Round 3: what there is of the candidates and recent items, and (still running) which candidates are liked. */
    private Future<CandidateSet> withItems(
            String userId,
            Optional<UserFeatures.View> user,
            List<UserFeatures.RecentItem> recent,
            Map<String, Candidate> candidates,
            ServerTiming timing) {
        List<String> ids = List.copyOf(candidates.keySet());
        Set<String> lookups = new LinkedHashSet<>(ids);
        lookups.addAll(ids(recent)); // To name them in reasons.
        // Likes are of posts: a candidate already known to be a product needs no look-up.
        Map<String, ItemCache.Known> cached = items.cached(ids);
        List<String> maybePosts = ids.stream()
                .filter(id -> !cached.containsKey(id) || cached.get(id).post() != null)
                .toList();
        Future<Map<String, ItemCache.Known>> known = items.getAll(lookups);
        Future<Set<String>> liked = likes.likedAmong(userId, maybePosts);
        return known.map(found -> {
            timing.mark("items");
            return new CandidateSet(user, recent, candidates, found, liked);
        });
    }

    private static List<String> ids(List<UserFeatures.RecentItem> recent) {
        return recent.stream().map(UserFeatures.RecentItem::itemId).toList();
    }

    private static List<UserFeatures.RecentItem> recentItems(Optional<UserFeatures.View> user) {
        Map<String, UserFeatures.RecentItem> distinct = new LinkedHashMap<>();
        user.ifPresent(view -> view.recentItems().forEach(item -> distinct.putIfAbsent(item.itemId(), item)));
        return distinct.values().stream().limit(RECENT_ITEMS).toList();
    }

    /** The lists of the user's favourite categories and labels (the strongest positive affinities). */
    private static List<String> favouriteLists(Optional<UserFeatures.View> user) {
        if (user.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        strongest(user.get().categoryAffinity()).forEach(category -> names.add(CandidateList.category(category)));
        strongest(user.get().labelAffinity()).forEach(label -> names.add(CandidateList.label(label)));
        return names;
    }

    private static List<String> strongest(Map<String, Double> affinities) {
        return affinities.entrySet().stream()
                .filter(entry -> entry.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(FAVOURITES)
                .map(Map.Entry::getKey)
                .toList();
    }

    private Map<String, Candidate> candidates(
            String userId,
            Optional<UserFeatures.View> user,
            List<UserFeatures.RecentItem> recent,
            Map<String, ItemFeatures.View> recentFeatures,
            List<FeedEntry> following,
            Map<String, CandidateList> read) {
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (UserFeatures.RecentItem item : recent) {
            ItemFeatures.View features = recentFeatures.get(item.itemId());
            if (features == null) {
                continue;
            }
            features.coEngaged().entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(NEIGHBOURS_PER_ITEM)
                    .forEach(neighbour -> add(candidates, neighbour.getKey(), Source.CO_ENGAGEMENT, item.itemId()));
        }
        for (FeedEntry entry : following) {
            if (!entry.authorId().equals(userId)) {
                add(candidates, entry.postId(), Source.FOLLOWING, entry.authorId());
            }
        }
        if (user.isPresent()) {
            for (String category : strongest(user.get().categoryAffinity())) {
                fromList(candidates, read, CandidateList.category(category), PER_LIST, Source.CATEGORY, category);
            }
            for (String label : strongest(user.get().labelAffinity())) {
                fromList(candidates, read, CandidateList.label(label), PER_LIST, Source.LABEL, label);
            }
        }
        fromList(candidates, read, CandidateList.TRENDING, TRENDING, Source.TRENDING, null);
        fromList(candidates, read, CandidateList.POPULAR, CandidateList.MAX_ENTRIES, Source.POPULAR, null);
        return candidates;
    }

    private void fromList(
            Map<String, Candidate> candidates,
            Map<String, CandidateList> read,
            String name,
            int take,
            Source source,
            String because) {
        CandidateList list = read.get(name);
        if (list == null) {
            return;
        }
        list.entries().stream().limit(take).forEach(entry -> add(candidates, entry.itemId(), source, because));
    }

    private void add(Map<String, Candidate> candidates, String itemId, Source source, String because) {
        if (candidates.size() < maxCandidates) {
            candidates.putIfAbsent(itemId, new Candidate(itemId, source, because));
        }
    }
}

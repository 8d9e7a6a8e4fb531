package io.glint.api.recommend;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.glint.api.http.ImageUrls;
import io.glint.api.http.ServerTiming;
import io.glint.api.recommend.Experiments.Variant;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.featurestore.candidates.CandidateList;
import io.glint.featurestore.catalog.CatalogItem;
import io.glint.featurestore.catalog.CatalogRepository;
import io.glint.featurestore.features.ItemFeatures;
import io.glint.featurestore.features.ServingFeatures;
import io.glint.featurestore.features.UserFeatures;
import io.glint.featurestore.feed.FeedEntry;
import io.glint.featurestore.feed.FeedRepository;
import io.glint.featurestore.posts.LikeRepository;
import io.glint.featurestore.posts.Post;
import io.glint.featurestore.posts.PostRepository;
import io.glint.model.features.RankingFeatures;
import io.glint.model.scoring.RankingScorer;
import io.glint.model.scoring.Scores;
import io.glint.model.scoring.ServedBy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Recommendations for one user: candidates from several sources, filtered, scored with the ranking model (or the
 * experiment arm's alternative), re-ranked for diversity, each with a reason a person can read.
 *
 * <p><b>Reads.</b> Three rounds, each of parallel {@code BatchGetItem}s: (1) the user's features with the popular and
 * trending lists, and the user's timeline; (2) the features of the user's recent items (their co-engagement
 * neighbours) with the lists of the user's favourite categories and labels; (3) every candidate's features, post and
 * catalog entry, and whether the user liked it; that last look-up is needed only to filter the ranked list, so it runs
 * while the model scores instead of before. Round 2 is skipped when everything it would read is cached. Lists are reused for {@link RecommendationConfig#listCacheTtl()}, and
 * what was read of an item for {@link RecommendationConfig#itemCacheTtl()} ({@link ItemCache}), so under load a request
 * reads little more than the user's own documents and likes.
 *
 * <p><b>Sources</b>, in the order a candidate found by several keeps the first: items often engaged with together with
 * the user's recent items; new posts of accounts the user follows; what is popular in the user's favourite categories
 * and with their favourite labels; trending; popular (all a new user gets).
 *
 * <p><b>Filters.</b> Left out: the user's own posts, what the user engaged with lately or liked, posts not published
 * (processing, blocked by moderation, rejected, deleted), catalog products inactive or out of stock, and ids that are
 * neither a post nor a product.
 *
 * <p>Every returned item is logged as an {@code impression} event, with the arm, position and path that scored it, so
 * that training sees what was shown and not engaged with.
 */
public final class RecommendationService {
    public static final String IMPRESSIONS = "glint.recommendations.impressions";

    private static final int RECENT_ITEMS = 10;
    private static final int NEIGHBOURS_PER_ITEM = 20;
    private static final int FAVOURITES = 3;
    private static final int PER_LIST = 30;
    private static final int FOLLOWING_POSTS = 50;
    private static final int ITEM_CACHE_CAPACITY = 100_000;

    private final ServingFeatures serving;
    private final FeedRepository feed;
    private final PostRepository posts;
    private final CatalogRepository catalog;
    private final LikeRepository likes;
    private final RankingScorer ranker;
    private final EventPublisher events;
    private final ImageUrls imageUrls;
    private final RecommendationConfig config;
    private final Clock clock;
    private final Map<String, CachedList> lists = new ConcurrentHashMap<>();
    private final ItemCache items;
    private final Counter impressionsLogged;
    private final Counter impressionsDropped;

    /** Where a candidate came from, which decides its reason. */
    public enum Source {
        CO_ENGAGEMENT,
        FOLLOWING,
        CATEGORY,
        LABEL,
        TRENDING,
        POPULAR;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A candidate and why it is one: the recent item, category, label or author that brought it. */
    record Candidate(String itemId, Source source, String because) {}

    /** One recommended item as the API returns it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            String itemId,
            String kind,
            double score,
            String reason,
            String source,
            String title,
            String imageUrl,
            String authorId,
            List<String> categories) {}

    /**
     * A response.
     *
     * @param servedBy {@code endpoint}, {@code embedded} or {@code popularity} (the model's path), or {@code
     *     chronological}
     */
    public record Recommendations(List<Item> items, String modelVersion, String servedBy, String experiment) {}

    private record CachedList(CandidateList list, Instant fetchedAt) {}

    /** A candidate that passed the filters, with what ranking and the response need. */
    private record Eligible(
            Candidate candidate,
            ItemFeatures.View features,
            Post post,
            CatalogItem product,
            Instant publishedAt,
            String author,
            String category) {}

    public RecommendationService(
            ServingFeatures serving,
            FeedRepository feed,
            PostRepository posts,
            CatalogRepository catalog,
            LikeRepository likes,
            RankingScorer ranker,
            EventPublisher events,
            ImageUrls imageUrls,
            RecommendationConfig config,
            Clock clock,
            MeterRegistry registry) {
        this.serving = Objects.requireNonNull(serving, "serving");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.posts = Objects.requireNonNull(posts, "posts");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.likes = Objects.requireNonNull(likes, "likes");
        this.ranker = Objects.requireNonNull(ranker, "ranker");
        this.events = Objects.requireNonNull(events, "events");
        this.imageUrls = Objects.requireNonNull(imageUrls, "imageUrls");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.items = new ItemCache(config.itemCacheTtl(), ITEM_CACHE_CAPACITY, System::nanoTime);
        this.impressionsLogged = Counter.builder(IMPRESSIONS)
                .tag("outcome", "logged")
                .description("Impression events of what recommendations and ranked timelines showed, by outcome:"
                        + " logged (taken by the publisher) or dropped (refused: its buffer was full)")
                .register(registry);
        this.impressionsDropped = Counter.builder(IMPRESSIONS)
                .tag("outcome", "dropped")
                .description("Impression events of what recommendations and ranked timelines showed, by outcome:"
                        + " logged (taken by the publisher) or dropped (refused: its buffer was full)")
                .register(registry);
    }

    public Experiments experiments() {
        return config.experiments();
    }

    /** Recommendations for {@code userId}, at most {@code limit}, ranked the way the user's experiment arm ranks. */
    public Future<Recommendations> recommend(String userId, int limit) {
        return recommend(userId, limit, ServerTiming.starting());
    }

    /**
     * As {@link #recommend(String, int)}, marking its phases in {@code timing}: {@code user} (the user's features and
     * timeline), {@code neighbours} (the recent items' neighbours and the favourite lists), {@code items} (the
     * candidates' features, posts and products) and {@code score} (the model).
     */
    public Future<Recommendations> recommend(String userId, int limit, ServerTiming timing) {
        Variant variant = config.experiments().variant(userId);
        Instant now = clock.instant();
        List<String> general = missingLists(List.of(CandidateList.POPULAR, CandidateList.TRENDING), now);
        Future<ServingFeatures.Snapshot> first = serving.read(userId, List.of(), general, now);
        Future<List<FeedEntry>> following = feed.page(userId, FOLLOWING_POSTS, null)
                .map(FeedRepository.Page::entries)
                .otherwise(List.of()); // The timeline is one source among several.
        return Future.all(first, following).compose(done -> {
            timing.mark("user");
            remember(general, first.result().lists(), now);
            Optional<UserFeatures.View> user = first.result().user();
            List<UserFeatures.RecentItem> recent = recentItems(user);
            List<String> favourites = missingLists(favouriteLists(user), now);
            // The recent items' co-engagement neighbours: from the item cache when a request read them lately.
            Map<String, ItemCache.Known> recentKnown = new HashMap<>();
            List<String> recentMissing = new ArrayList<>();
            items.lookup(recent.stream().map(UserFeatures.RecentItem::itemId).toList(), recentKnown, recentMissing);
            Future<ServingFeatures.Snapshot> second = recentMissing.isEmpty() && favourites.isEmpty()
                    ? Future.succeededFuture(new ServingFeatures.Snapshot(Optional.empty(), Map.of(), Map.of()))
                    : serving.read(null, recentMissing, favourites, now);
            return second.compose(neighbours -> {
                timing.mark("neighbours");
                remember(favourites, neighbours.lists(), now);
                Map<String, ItemFeatures.View> recentFeatures = new HashMap<>(neighbours.items());
                recentKnown.forEach((id, known) -> {
                    if (known.features() != null) {
                        recentFeatures.put(id, known.features());
                    }
                });
                Map<String, Candidate> candidates =
                        candidates(userId, user, recent, recentFeatures, following.result(), now);
                return rank(userId, user, recent, candidates, variant, limit, now, timing);
            });
        });
    }

    /**
     * Reads the items the cache found due for a refresh again, off the request's path, and renews their entries; if a
     * read fails they are released, to be taken again by a later request (they are served meanwhile).
     */
    private void refresh(List<String> due, Instant now) {
        if (due.isEmpty()) {
            return;
        }
        Future<ServingFeatures.Snapshot> features = serving.read(null, due, List.of(), now);
        Future<List<Post>> found = posts.findAll(due);
        Future<List<CatalogItem>> products = catalog.findAll(due);
        Future.all(features, found, products).onComplete(done -> {
            if (done.succeeded()) {
                read(due, features.result(), found.result(), products.result()).forEach(items::put);
            } else {
                due.forEach(items::release);
            }
        });
    }

    /** What was read of each of {@code ids}: its features, post and catalog entry, each null when there is none. */
    private static Map<String, ItemCache.Known> read(
            List<String> ids, ServingFeatures.Snapshot features, List<Post> posts, List<CatalogItem> products) {
        Map<String, Post> readPosts =
                posts.stream().collect(Collectors.toMap(Post::postId, Function.identity(), (a, b) -> a));
        Map<String, CatalogItem> readProducts =
                products.stream().collect(Collectors.toMap(CatalogItem::itemId, Function.identity(), (a, b) -> a));
        Map<String, ItemCache.Known> read = new HashMap<>();
        for (String id : ids) {
            read.put(id, new ItemCache.Known(features.items().get(id), readPosts.get(id), readProducts.get(id)));
        }
        return read;
    }

    /** The labels and categories the explore page offers (their lists' names, lower case), most items first. */
    public record Directory(List<String> labels, List<String> categories) {}

    /** The directory of the category and label lists, as the candidate indexer last wrote it. */
    public Future<Directory> directory() {
        Instant now = clock.instant();
        List<String> missing = missingLists(List.of(CandidateList.DIRECTORY), now);
        Future<Void> fresh = missing.isEmpty()
                ? Future.succeededFuture()
                : serving.read(null, List.of(), missing, now).map(snapshot -> {
                    remember(missing, snapshot.lists(), now);
                    return null;
                });
        return fresh.map(ignored -> {
            List<String> labels = new ArrayList<>();
            List<String> categories = new ArrayList<>();
            for (CandidateList.Entry entry :
                    lists.get(CandidateList.DIRECTORY).list().entries()) {
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

    /**
     * What is popular with one label or in one category, filtered, ranked, diversified and explained for the user like
     * recommendations, and logged as impressions.
     *
     * @param listName {@link CandidateList#label} or {@link CandidateList#category} of what the user asked for
     */
    public Future<Recommendations> explore(String userId, String listName, int limit) {
        String label = CandidateList.labelOf(listName);
        String category = CandidateList.categoryOf(listName);
        if (label == null && category == null) {
            throw new IllegalArgumentException("not a label or category list: " + listName);
        }
        Variant variant = config.experiments().variant(userId);
        Instant now = clock.instant();
        List<String> missing = missingLists(List.of(listName), now);
        return serving.read(userId, List.of(), missing, now).compose(snapshot -> {
            remember(missing, snapshot.lists(), now);
            Optional<UserFeatures.View> user = snapshot.user();
            Map<String, Candidate> candidates = new LinkedHashMap<>();
            if (label != null) {
                fromList(candidates, listName, CandidateList.MAX_ENTRIES, Source.LABEL, label);
            } else {
                fromList(candidates, listName, CandidateList.MAX_ENTRIES, Source.CATEGORY, category);
            }
            return rank(userId, user, recentItems(user), candidates, variant, limit, now, ServerTiming.starting());
        });
    }

    /**
     * The order of some posts for the user, best first: the ranked timeline. Scored like recommendations (the user's
     * arm; chronological keeps their order); posts without features rank by what the scorer makes of missing values.
     *
     * @param postIds the posts, newest first
     */
    public Future<Ranking> rankPosts(String userId, List<String> postIds) {
        Variant variant = config.experiments().variant(userId);
        String experiment = config.experiments().header(variant);
        if (variant == Variant.CHRONOLOGICAL || postIds.isEmpty()) {
            float[] kept = new float[postIds.size()];
            for (int i = 0; i < kept.length; i++) {
                kept[i] = kept.length - i;
            }
            return Future.succeededFuture(new Ranking(postIds, kept, "none", "chronological", experiment));
        }
        Instant now = clock.instant();
        return serving.read(userId, postIds, List.of(), now).compose(snapshot -> {
            List<float[]> rows = new ArrayList<>(postIds.size());
            for (String postId : postIds) {
                rows.add(RankingFeatures.vector(
                        snapshot.user().orElse(null), snapshot.items().get(postId), now));
            }
            Future<Scores> scored = variant == Variant.POPULARITY ? ranker.popularity(rows) : ranker.score(rows);
            return scored.map(scores -> {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < postIds.size(); i++) {
                    order.add(i);
                }
                // Stable: equal scores keep the timeline's order (newest first).
                order.sort(Comparator.comparingDouble((Integer i) -> scores.values()[i])
                        .reversed());
                List<String> ranked = order.stream().map(postIds::get).toList();
                float[] values = new float[order.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = scores.values()[order.get(i)];
                }
                return new Ranking(
                        ranked, values, scores.modelVersion(), scores.servedBy().wireName(), experiment);
            });
        });
    }

    /**
     * Items in ranked order with their scores, and how they were ranked.
     *
     * @param servedBy as in {@link Recommendations#servedBy()}
     */
    public record Ranking(
            List<String> itemIds, float[] scores, String modelVersion, String servedBy, String experiment) {}

    /** Logs what a ranked timeline showed, as impressions (the same as for recommendations). */
    public void shown(String userId, List<String> itemIds, Ranking ranking) {
        Instant now = clock.instant();
        for (int i = 0; i < itemIds.size(); i++) {
            Map<String, String> context = new HashMap<>();
            context.put("experiment", ranking.experiment());
            context.put("position", Integer.toString(i));
            context.put("source", "timeline");
            context.put("servedBy", ranking.servedBy());
            context.put("modelVersion", truncate(ranking.modelVersion()));
            if (!events.publish(InteractionEvent.create(EventType.IMPRESSION, userId, itemIds.get(i), now, context))) {
                impressionsDropped.increment();
            } else {
                impressionsLogged.increment();
            }
        }
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
            Instant now) {
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
            List<String> categories = strongest(user.get().categoryAffinity());
            List<String> labels = strongest(user.get().labelAffinity());
            for (String category : categories) {
                fromList(candidates, CandidateList.category(category), PER_LIST, Source.CATEGORY, category);
            }
            for (String label : labels) {
                fromList(candidates, CandidateList.label(label), PER_LIST, Source.LABEL, label);
            }
        }
        fromList(candidates, CandidateList.TRENDING, 50, Source.TRENDING, null);
        fromList(candidates, CandidateList.POPULAR, CandidateList.MAX_ENTRIES, Source.POPULAR, null);
        return candidates;
    }

    private void fromList(Map<String, Candidate> candidates, String name, int take, Source source, String because) {
        CachedList cached = lists.get(name);
        if (cached == null) {
            return;
        }
        cached.list().entries().stream().limit(take).forEach(entry -> add(candidates, entry.itemId(), source, because));
    }

    private void add(Map<String, Candidate> candidates, String itemId, Source source, String because) {
        if (candidates.size() < config.maxCandidates()) {
            candidates.putIfAbsent(itemId, new Candidate(itemId, source, because));
        }
    }

    private Future<Recommendations> rank(
            String userId,
            Optional<UserFeatures.View> user,
            List<UserFeatures.RecentItem> recent,
            Map<String, Candidate> candidates,
            Variant variant,
            int limit,
            Instant now,
            ServerTiming timing) {
        List<String> ids = new ArrayList<>(candidates.keySet());
        Set<String> recentIds =
                recent.stream().map(UserFeatures.RecentItem::itemId).collect(Collectors.toSet());
        List<String> lookups = new ArrayList<>(new LinkedHashSet<>(concat(ids, recentIds)));
        Map<String, ItemCache.Known> known = new HashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> due = new ArrayList<>();
        items.lookup(lookups, known, missing, due);
        refresh(due, now);
        Future<ServingFeatures.Snapshot> features = serving.read(null, missing, List.of(), now);
        Future<List<Post>> found = posts.findAll(missing);
        Future<List<CatalogItem>> products = catalog.findAll(missing);
        // Likes are of posts: a candidate already known to be a product needs no look-up.
        List<String> maybePosts = ids.stream()
                .filter(id -> !known.containsKey(id) || known.get(id).post() != null)
                .toList();
        // Which of them the user liked is needed only after scoring: the look-up runs while the model scores.
        Future<Set<String>> liked = likes.likedAmong(userId, maybePosts);
        return Future.all(features, found, products).compose(done -> {
            timing.mark("items");
            read(missing, features.result(), found.result(), products.result()).forEach((id, read) -> {
                known.put(id, read);
                items.put(id, read);
            });
            Map<String, Post> postsById = new HashMap<>();
            Map<String, CatalogItem> productsById = new HashMap<>();
            known.forEach((id, item) -> {
                if (item.post() != null) {
                    postsById.put(id, item.post());
                }
                if (item.product() != null) {
                    productsById.put(id, item.product());
                }
            });
            List<Eligible> eligible = new ArrayList<>();
            for (Candidate candidate : candidates.values()) {
                if (recentIds.contains(candidate.itemId())) {
                    continue;
                }
                Eligible item = eligible(
                        userId,
                        candidate,
                        known.get(candidate.itemId()).features(),
                        postsById.get(candidate.itemId()),
                        productsById.get(candidate.itemId()));
                if (item != null) {
                    eligible.add(item);
                }
            }
            Future<Scores> scored = score(user.orElse(null), eligible, variant, now);
            scored.onComplete(ignored -> timing.mark("score"));
            return Future.all(scored, liked).map(both -> {
                Scores scores = scored.result();
                List<Eligible> notLiked = new ArrayList<>(eligible.size());
                float[] values = new float[eligible.size()];
                for (int i = 0; i < eligible.size(); i++) {
                    if (!liked.result().contains(eligible.get(i).candidate().itemId())) {
                        values[notLiked.size()] = scores.values()[i];
                        notLiked.add(eligible.get(i));
                    }
                }
                List<Item> items = diversify(notLiked, Arrays.copyOf(values, notLiked.size()), limit).stream()
                        .map(ranked -> item(ranked.eligible(), ranked.score(), postsById, productsById, recent))
                        .toList();
                String experiment = config.experiments().header(variant);
                logImpressions(userId, items, experiment, scores, now);
                return new Recommendations(items, scores.modelVersion(), servedBy(variant, scores), experiment);
            });
        });
    }

    private static List<String> concat(List<String> first, Set<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static Eligible eligible(
            String userId, Candidate candidate, ItemFeatures.View features, Post post, CatalogItem product) {
        if (post != null) {
            if (post.status() != Post.Status.PUBLISHED || post.authorId().equals(userId)) {
                return null;
            }
            String category = features == null || features.categories().isEmpty()
                    ? null
                    : features.categories().get(0);
            return new Eligible(candidate, features, post, null, post.createdAt(), post.authorId(), category);
        }
        if (product != null) {
            if (!product.available()) {
                return null;
            }
            String category =
                    product.categories().isEmpty() ? null : product.categories().get(0);
            return new Eligible(candidate, features, null, product, product.updatedAt(), null, category);
        }
        return null; // Neither a post nor a product: a deleted post, or a list older than its item.
    }

    private Future<Scores> score(UserFeatures.View user, List<Eligible> eligible, Variant variant, Instant now) {
        if (variant == Variant.CHRONOLOGICAL) {
            // The score is the rank by time (newest highest): times themselves do not fit a float's precision.
            List<Integer> byTime = new ArrayList<>();
            for (int i = 0; i < eligible.size(); i++) {
                byTime.add(i);
            }
            byTime.sort(Comparator.comparing((Integer i) -> eligible.get(i).publishedAt()));
            float[] newest = new float[eligible.size()];
            for (int rank = 0; rank < byTime.size(); rank++) {
                newest[byTime.get(rank)] = rank + 1;
            }
            return Future.succeededFuture(new Scores(newest, "none", ServedBy.POPULARITY));
        }
        List<float[]> rows = new ArrayList<>(eligible.size());
        for (Eligible item : eligible) {
            rows.add(RankingFeatures.vector(user, item.features(), now));
        }
        return variant == Variant.POPULARITY ? ranker.popularity(rows) : ranker.score(rows);
    }

    private static String servedBy(Variant variant, Scores scores) {
        return variant == Variant.CHRONOLOGICAL
                ? "chronological"
                : scores.servedBy().wireName();
    }

    private record Ranked(Eligible eligible, double score) {}

    /**
     * Best first, at most {@link RecommendationConfig#perAuthor()} items of an author and {@link
     * RecommendationConfig#perCategory()} of a category while other items are left; then the rest, best first, if the
     * caps left the page short.
     */
    private List<Ranked> diversify(List<Eligible> eligible, float[] scores, int limit) {
        List<Ranked> ranked = new ArrayList<>(eligible.size());
        for (int i = 0; i < eligible.size(); i++) {
            ranked.add(new Ranked(eligible.get(i), scores[i]));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::score)
                .reversed()
                .thenComparing(item -> item.eligible().candidate().itemId()));
        List<Ranked> chosen = new ArrayList<>(limit);
        List<Ranked> held = new ArrayList<>();
        Map<String, Integer> byAuthor = new HashMap<>();
        Map<String, Integer> byCategory = new HashMap<>();
        for (Ranked item : ranked) {
            if (chosen.size() == limit) {
                break;
            }
            String author = item.eligible().author();
            String category = item.eligible().category();
            boolean authorFull = author != null && byAuthor.getOrDefault(author, 0) >= config.perAuthor();
            boolean categoryFull = category != null && byCategory.getOrDefault(category, 0) >= config.perCategory();
            if (authorFull || categoryFull) {
                held.add(item);
                continue;
            }
            chosen.add(item);
            if (author != null) {
                byAuthor.merge(author, 1, Integer::sum);
            }
            if (category != null) {
                byCategory.merge(category, 1, Integer::sum);
            }
        }
        for (Ranked item : held) {
            if (chosen.size() == limit) {
                break;
            }
            chosen.add(item);
        }
        return chosen;
    }

    private Item item(
            Eligible eligible,
            double score,
            Map<String, Post> posts,
            Map<String, CatalogItem> products,
            List<UserFeatures.RecentItem> recent) {
        Candidate candidate = eligible.candidate();
        String reason = reason(candidate, posts, products, recent);
        if (eligible.post() != null) {
            Post post = eligible.post();
            return new Item(
                    post.postId(),
                    "post",
                    score,
                    reason,
                    candidate.source().wireName(),
                    post.caption(),
                    imageUrls.get(post.objectKey()),
                    post.authorId(),
                    eligible.features() == null
                            ? List.of()
                            : eligible.features().categories());
        }
        CatalogItem product = eligible.product();
        return new Item(
                product.itemId(),
                "product",
                score,
                reason,
                candidate.source().wireName(),
                product.title(),
                null,
                null,
                product.categories());
    }

    /** Why the user sees an item, in words. */
    static String reason(
            Candidate candidate,
            Map<String, Post> posts,
            Map<String, CatalogItem> products,
            List<UserFeatures.RecentItem> recent) {
        switch (candidate.source()) {
            case CO_ENGAGEMENT:
                String verb = recent.stream()
                        .filter(item -> item.itemId().equals(candidate.because()))
                        .findFirst()
                        .map(item -> verb(item.type()))
                        .orElse("liked");
                return "because you " + verb + " " + titleOf(candidate.because(), posts, products);
            case FOLLOWING:
                return "new from an account you follow";
            case CATEGORY:
                return "popular in " + candidate.because();
            case LABEL:
                return "popular among photos of " + candidate.because().toLowerCase(java.util.Locale.ROOT);
            case TRENDING:
                return "trending now";
            case POPULAR:
            default:
                return "popular on Glint";
        }
    }

    private static String verb(String type) {
        switch (type) {
            case "view":
                return "viewed";
            case "comment":
                return "commented on";
            case "purchase":
                return "bought";
            case "like":
            default:
                return "liked";
        }
    }

    private static String titleOf(String itemId, Map<String, Post> posts, Map<String, CatalogItem> products) {
        CatalogItem product = products.get(itemId);
        if (product != null) {
            return "“" + product.title() + "”";
        }
        Post post = posts.get(itemId);
        if (post != null && !post.caption().isBlank()) {
            String caption = post.caption().strip();
            return "“" + (caption.length() > 60 ? caption.substring(0, 59) + "…" : caption) + "”";
        }
        return "a similar post";
    }

    private void logImpressions(String userId, List<Item> items, String experiment, Scores scores, Instant now) {
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Map<String, String> context = new HashMap<>();
            context.put("experiment", experiment);
            context.put("position", Integer.toString(i));
            context.put("source", item.source());
            context.put("servedBy", scores.servedBy().wireName());
            context.put("modelVersion", truncate(scores.modelVersion()));
            if (item.authorId() != null) {
                context.put("authorId", item.authorId());
            }
            if (!events.publish(InteractionEvent.create(EventType.IMPRESSION, userId, item.itemId(), now, context))) {
                impressionsDropped.increment();
            } else {
                impressionsLogged.increment();
            }
        }
    }

    private static String truncate(String value) {
        return value.length() > 200 ? value.substring(0, 200) : value;
    }

    /** The lists among {@code names} not cached, or cached too long ago. */
    private List<String> missingLists(List<String> names, Instant now) {
        Duration ttl = config.listCacheTtl();
        return names.stream()
                .filter(name -> {
                    CachedList cached = lists.get(name);
                    return cached == null || cached.fetchedAt().plus(ttl).isBefore(now);
                })
                .toList();
    }

    /** Caches what was read, and that the other requested lists do not exist (yet), for as long. */
    private void remember(List<String> requested, Map<String, CandidateList> read, Instant now) {
        for (String name : requested) {
            CandidateList list = read.getOrDefault(name, new CandidateList(name, List.of(), now));
            lists.put(name, new CachedList(list, now));
        }
    }
}

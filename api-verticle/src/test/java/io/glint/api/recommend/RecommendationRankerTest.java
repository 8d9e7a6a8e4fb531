package io.glint.api.recommend;

import static io.glint.api.recommend.Fakes.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.fakes.RecordingEvents;
import io.glint.api.http.ServerTiming;
import io.glint.api.recommend.RecommendationService.Item;
import io.glint.api.recommend.RecommendationService.Recommendations;
import io.glint.api.recommend.RecommendationService.Source;
import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.features.UserFeatures;
import io.glint.domain.posts.Post;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Verifies the ranking core: candidates in, a filtered, ranked, diversified, explained and logged list out. */
class RecommendationRankerTest {
    private static final String ANA = "ana";

    private final RecordingEvents events = new RecordingEvents();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Fakes.ViewsModel model = new Fakes.ViewsModel();
    private final Map<String, ItemCache.Known> items = new HashMap<>();
    private final Map<String, Candidate> candidates = new LinkedHashMap<>();
    private final List<UserFeatures.RecentItem> recent = new ArrayList<>();
    private final Set<String> liked = new HashSet<>();

    @Test
    void ownPostsAreNeverRecommended() {
        post("own", ANA, 1_000, "Nature", Source.POPULAR, null);
        post("bos", "bo", 10, "Nature", Source.POPULAR, null);

        assertThat(ids(rank("model:100", 10))).containsExactly("bos");
    }

    @Test
    void postsNotPublishedAndProductsNotAvailableAreLeftOut() {
        post("published", "bo", 10, "Nature", Source.POPULAR, null);
        post(Fakes.post("processing", "bo", "", Post.Status.PROCESSING, NOW), 10, "Nature");
        post(Fakes.post("blocked", "bo", "", Post.Status.BLOCKED, NOW), 10, "Nature");
        post(Fakes.post("rejected", "bo", "", Post.Status.REJECTED, NOW), 10, "Nature");
        product(Fakes.product("film", "Casablanca", "Drama", true, Optional.empty()));
        product(Fakes.product("print", "A print", "Art", true, Optional.of(3L)));
        product(Fakes.product("sold-out", "Sold out", "Drama", true, Optional.of(0L)));
        product(Fakes.product("retired", "Retired", "Drama", false, Optional.empty()));
        candidates.put("deleted", new Candidate("deleted", Source.POPULAR, null));
        items.put("deleted", ItemCache.Known.NOTHING);

        assertThat(ids(rank("model:100", 10))).containsExactlyInAnyOrder("published", "film", "print");
    }

    @Test
    void itemsTheUserLikedOrEngagedWithLatelyAreLeftOut() {
        post("liked", "bo", 10, "Nature", Source.POPULAR, null);
        post("viewed", "bo", 10, "Nature", Source.POPULAR, null);
        post("new", "cy", 10, "Travel", Source.POPULAR, null);
        liked.add("liked");
        recent.add(new UserFeatures.RecentItem("viewed", "view", NOW.minusSeconds(60), "1000"));

        assertThat(ids(rank("model:100", 10))).containsExactly("new");
    }

    @Test
    void theModelArmRanksByTheModelsScores() {
        post("seen-a-little", "bo", 10, "Nature", Source.POPULAR, null);
        post("seen-most", "cy", 1_000, "Travel", Source.POPULAR, null);
        post("seen-some", "dee", 100, "Food", Source.POPULAR, null);

        Recommendations found = rank("model:100", 10);

        assertThat(ids(found)).containsExactly("seen-most", "seen-some", "seen-a-little");
        assertThat(found.items()).extracting(Item::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(found.servedBy()).isEqualTo("endpoint");
        assertThat(found.modelVersion()).isEqualTo("model-7");
        assertThat(found.experiment()).isEqualTo("ranking-v1=model");
    }

    @Test
    void thePopularityArmIsScoredByPopularityAndNotByTheModel() {
        post("a", "bo", 10, "Nature", Source.POPULAR, null);
        post("b", "cy", 1_000, "Travel", Source.POPULAR, null);

        Recommendations found = rank("model:0,popularity:100", 10);

        assertThat(found.servedBy()).isEqualTo("popularity");
        assertThat(found.experiment()).isEqualTo("ranking-v1=popularity");
        assertThat(model.batches).isEmpty();
        assertThat(ids(found)).as("equal scores: by item id").containsExactly("a", "b");
    }

    @Test
    void chronologicalArmOrdersNewestFirst() {
        post(Fakes.post("oldest", "bo", "", Post.Status.PUBLISHED, NOW.minusSeconds(3_000)), 1_000, "Nature");
        post(Fakes.post("newest", "cy", "", Post.Status.PUBLISHED, NOW.minusSeconds(10)), 1, "Travel");
        post(Fakes.post("middle", "dee", "", Post.Status.PUBLISHED, NOW.minusSeconds(600)), 100, "Food");

        Recommendations found = rank("model:0,chronological:100", 10);

        assertThat(ids(found)).containsExactly("newest", "middle", "oldest");
        assertThat(found.servedBy()).isEqualTo("chronological");
        assertThat(found.modelVersion()).isEqualTo("none");
        assertThat(found.experiment()).isEqualTo("ranking-v1=chronological");
        assertThat(model.batches).isEmpty();
    }

    @Test
    void diversificationSpreadsOneAuthorsPosts() {
        for (int i = 1; i <= 4; i++) {
            post("bo-" + i, "bo", 1_000 * i, "Cat " + i, Source.POPULAR, null);
        }
        post("cy-1", "cy", 20, "Dog 1", Source.POPULAR, null);
        post("cy-2", "cy", 10, "Dog 2", Source.POPULAR, null);

        assertThat(ids(rank("model:100", 4))).containsExactly("bo-4", "bo-3", "cy-1", "cy-2");
    }

    @Test
    void diversificationSpreadsOneCategorysItemsAndCountsProductsToo() {
        post("nature-1", "bo", 1_000, "Nature", Source.POPULAR, null);
        post("nature-2", "cy", 900, "Nature", Source.POPULAR, null);
        product(Fakes.product("film", "Casablanca", "Drama", true, Optional.empty()));
        items.put(
                "film",
                new ItemCache.Known(
                        Fakes.features("film", null, 500, List.of("Drama")),
                        null,
                        items.get("film").product()));

        assertThat(ids(rank("model:100", 2, 1))).containsExactly("nature-1", "film");
    }

    @Test
    void whenTheCapsLeaveThePageShortTheHeldItemsFillItBestFirst() {
        for (int i = 1; i <= 4; i++) {
            post("bo-" + i, "bo", 1_000 * i, "Nature", Source.POPULAR, null);
        }

        assertThat(ids(rank("model:100", 3))).containsExactly("bo-4", "bo-3", "bo-2");
    }

    @Test
    void reasonNamesTheRecentItemAndWhatTheUserDidWithIt() {
        recent.add(new UserFeatures.RecentItem("sunrise", "view", NOW.minusSeconds(60), "1000"));
        items.put("sunrise", known(Fakes.post("sunrise", "bo", "  Sunrise over the bay "), 10, "Nature"));
        post("sunset", "bo", 10, "Nature", Source.CO_ENGAGEMENT, "sunrise");

        assertThat(rank("model:100", 10).items().get(0).reason())
                .isEqualTo("because you viewed “Sunrise over the bay”");
    }

    @Test
    void reasonOfAFollowedAccountsPostSaysItIsNewFromAnAccountYouFollow() {
        post("new-post", "bo", 10, "Nature", Source.FOLLOWING, "bo");

        Item item = rank("model:100", 10).items().get(0);

        assertThat(item.reason()).isEqualTo("new from an account you follow");
        assertThat(item.source()).isEqualTo("following");
        assertThat(item.authorId()).isEqualTo("bo");
    }

    @Test
    void eachSourceHasItsOwnReason() {
        post("in-category", "bo", 50, "Nature", Source.CATEGORY, "Nature");
        post("with-label", "cy", 40, "Travel", Source.LABEL, "Sky");
        post("trending", "dee", 30, "Food", Source.TRENDING, null);
        post("popular", "eli", 20, "Art", Source.POPULAR, null);

        assertThat(rank("model:100", 10).items())
                .extracting(Item::reason)
                .containsExactly(
                        "popular in Nature", "popular among photos of sky", "trending now", "popular on Glint");
    }

    @Test
    void postsComeWithTheirImageUrlAndProductsWithTheirTitleAndNoImage() {
        post("photo", "bo", 20, "Nature", Source.POPULAR, null);
        product(Fakes.product("film", "Casablanca", "Drama", true, Optional.empty()));

        List<Item> found = rank("model:100", 10).items();

        assertThat(found.get(0).itemId()).isEqualTo("photo");
        assertThat(found.get(0).kind()).isEqualTo("post");
        assertThat(found.get(0).imageUrl()).isEqualTo("https://images.example/uploads/photo");
        assertThat(found.get(0).categories()).containsExactly("Nature");
        assertThat(found.get(1).kind()).isEqualTo("product");
        assertThat(found.get(1).title()).isEqualTo("Casablanca");
        assertThat(found.get(1).imageUrl()).isNull();
        assertThat(found.get(1).authorId()).isNull();
    }

    @Test
    void everyReturnedItemIsLoggedAsAnImpressionWithItsArmPositionSourceAndPath() {
        post("first", "bo", 100, "Nature", Source.FOLLOWING, "bo");
        post("second", "cy", 10, "Travel", Source.POPULAR, null);

        rank("model:100", 10);

        assertThat(events.published).extracting(InteractionEvent::type).containsOnly(EventType.IMPRESSION);
        assertThat(events.published).extracting(InteractionEvent::itemId).containsExactly("first", "second");
        assertThat(events.published.get(1).context())
                .containsEntry("experiment", "ranking-v1=model")
                .containsEntry("position", "1")
                .containsEntry("source", "popular")
                .containsEntry("servedBy", "endpoint")
                .containsEntry("modelVersion", "model-7")
                .containsEntry("authorId", "cy");
        assertThat(impressions("logged")).isEqualTo(2);
    }

    @Test
    void impressionsThePublisherRefusesAreCountedAsDroppedAndTheResponseStands() {
        post("first", "bo", 100, "Nature", Source.POPULAR, null);
        events.full = true;

        assertThat(ids(rank("model:100", 10))).containsExactly("first");
        assertThat(impressions("dropped")).isEqualTo(1);
        assertThat(impressions("logged")).isZero();
    }

    private double impressions(String outcome) {
        return registry.get(RecommendationService.IMPRESSIONS)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private Recommendations rank(String split, int limit) {
        return rank(split, limit, 50);
    }

    private Recommendations rank(String split, int limit, int perCategory) {
        RankingPolicy policy = new RankingPolicy(Experiments.parse("X", split), model, new Fakes.FlatPopularity());
        RecommendationRanker ranker = new RecommendationRanker(
                policy,
                new Diversifier(2, perCategory),
                new ItemViews(post -> "https://images.example/" + post.objectKey()),
                new ImpressionLog(events, Clock.fixed(NOW, ZoneOffset.UTC), registry));
        CandidateSet found = new CandidateSet(
                Optional.empty(), recent, candidates, items, Future.succeededFuture(Set.copyOf(liked)));
        return ranker.rank(ANA, found, limit, NOW, ServerTiming.starting()).await();
    }

    private void post(String id, String author, int views, String category, Source source, String because) {
        candidates.put(id, new Candidate(id, source, because));
        items.put(id, known(Fakes.post(id, author, "Post " + id), views, category));
    }

    private void post(Post post, int views, String category) {
        candidates.put(post.postId(), new Candidate(post.postId(), Source.POPULAR, null));
        items.put(post.postId(), known(post, views, category));
    }

    private void product(CatalogItem product) {
        candidates.put(product.itemId(), new Candidate(product.itemId(), Source.POPULAR, null));
        items.put(product.itemId(), new ItemCache.Known(null, null, product));
    }

    private static ItemCache.Known known(Post post, int views, String category) {
        return new ItemCache.Known(
                Fakes.features(post.postId(), post.authorId(), views, List.of(category)), post, null);
    }

    private static List<String> ids(Recommendations found) {
        return found.items().stream().map(Item::itemId).toList();
    }
}

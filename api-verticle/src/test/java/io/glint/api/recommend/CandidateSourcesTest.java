package io.glint.api.recommend;

import static io.glint.api.recommend.Fakes.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.api.http.ServerTiming;
import io.glint.api.recommend.RecommendationService.Directory;
import io.glint.api.recommend.RecommendationService.Source;
import io.glint.domain.candidates.CandidateList;
import io.glint.domain.feed.FeedEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Verifies where candidates come from, in which order, and what each request reads. */
class CandidateSourcesTest {
    private final Fakes.FeatureTable table = new Fakes.FeatureTable();
    private final Fakes.Timelines timelines = new Fakes.Timelines();
    private final Fakes.Likes likes = new Fakes.Likes();
    private final AtomicLong ticker = new AtomicLong(1_000_000_000L);
    private final List<List<String>> itemReads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ItemCache items = new ItemCache(
            Duration.ofSeconds(5),
            1_000,
            ids -> {
                itemReads.add(List.copyOf(ids));
                Map<String, ItemCache.Known> found = new HashMap<>();
                ids.forEach(id -> found.put(id, new ItemCache.Known(table.items.get(id), null, null)));
                return Future.succeededFuture(found);
            },
            ticker::get,
            Runnable::run,
            registry);
    private final CandidateSources sources = sources(200);

    @Test
    void aNewUserGetsTrendingThenPopular() {
        table.lists.put(CandidateList.TRENDING, Fakes.list(CandidateList.TRENDING, "t1", "p1"));
        table.lists.put(CandidateList.POPULAR, Fakes.list(CandidateList.POPULAR, "p1", "p2"));

        CandidateSet found = forUser("newcomer");

        assertThat(found.user()).isEmpty();
        assertThat(found.candidates().values())
                .extracting(Candidate::itemId, Candidate::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("t1", Source.TRENDING),
                        org.assertj.core.groups.Tuple.tuple("p1", Source.TRENDING),
                        org.assertj.core.groups.Tuple.tuple("p2", Source.POPULAR));
    }

    @Test
    void aCandidateFoundBySeveralSourcesKeepsTheFirstInSourceOrder() {
        table.users.put("ana", Fakes.user("ana", List.of("sunrise:like"), Map.of("Nature", 2.0)));
        table.items.put("sunrise", Fakes.features("sunrise", "bo", 10, List.of("Nature"), "sunset", "harbour"));
        timelines.pages.put("ana", List.of(new FeedEntry("harbour", "eli", NOW), new FeedEntry("fresh", "eli", NOW)));
        String nature = CandidateList.category("Nature");
        table.lists.put(nature, Fakes.list(nature, "fresh", "meadow"));
        table.lists.put(CandidateList.POPULAR, Fakes.list(CandidateList.POPULAR, "sunset", "meadow", "film"));

        CandidateSet found = forUser("ana");

        assertThat(found.candidates().values())
                .extracting(Candidate::itemId, Candidate::source, Candidate::because)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("sunset", Source.CO_ENGAGEMENT, "sunrise"),
                        org.assertj.core.groups.Tuple.tuple("harbour", Source.CO_ENGAGEMENT, "sunrise"),
                        org.assertj.core.groups.Tuple.tuple("fresh", Source.FOLLOWING, "eli"),
                        org.assertj.core.groups.Tuple.tuple("meadow", Source.CATEGORY, "Nature"),
                        org.assertj.core.groups.Tuple.tuple("film", Source.POPULAR, null));
        assertThat(found.items()).as("the recent item too, to name it").containsKey("sunrise");
    }

    @Test
    void theUsersOwnPostsInTheTimelineAreNoCandidates() {
        timelines.pages.put("ana", List.of(new FeedEntry("mine", "ana", NOW), new FeedEntry("bos", "bo", NOW)));

        assertThat(forUser("ana").candidates()).containsOnlyKeys("bos");
    }

    @Test
    void withoutItsTimelineAUserStillGetsTheOtherSources() {
        timelines.failure = new IllegalStateException("the feed table is away");
        table.lists.put(CandidateList.POPULAR, Fakes.list(CandidateList.POPULAR, "p1"));

        assertThat(forUser("ana").candidates()).containsOnlyKeys("p1");
    }

    @Test
    void candidatesAreCappedAtTheMaximum() {
        String[] many = new String[CandidateList.MAX_ENTRIES];
        for (int i = 0; i < many.length; i++) {
            many[i] = "p" + i;
        }
        table.lists.put(CandidateList.POPULAR, Fakes.list(CandidateList.POPULAR, many));

        assertThat(sources(10)
                        .forUser("ana", NOW, ServerTiming.starting())
                        .await()
                        .candidates())
                .hasSize(10);
    }

    @Test
    void listsAndItemsAreReadOncePerTtlAndTheSecondRoundIsSkippedWhenAllItWouldReadIsCached() {
        table.users.put("ana", Fakes.user("ana", List.of("sunrise:like"), Map.of("Nature", 2.0)));
        table.items.put("sunrise", Fakes.features("sunrise", "bo", 10, List.of("Nature"), "sunset"));
        table.lists.put(CandidateList.POPULAR, Fakes.list(CandidateList.POPULAR, "p1"));
        forUser("ana"); // The recent item's features come from round 2: the item cache reads it in round 3.
        int readsOfTheFirstRequest = table.reads.size();

        forUser("ana");

        assertThat(readsOfTheFirstRequest).isEqualTo(2);
        assertThat(table.reads).hasSize(3);
        assertThat(table.reads.get(2))
                .as("only the user's own document: lists and the recent item's neighbours are cached")
                .isEqualTo(new Fakes.FeatureTable.Read("ana", List.of(), List.of()));
        assertThat(itemReads).hasSize(1);

        ticker.addAndGet(Duration.ofSeconds(11).toNanos()); // Past both TTLs (10 s for lists).
        forUser("ana");
        assertThat(table.reads.get(3).listNames())
                .containsExactlyInAnyOrder(CandidateList.POPULAR, CandidateList.TRENDING);
    }

    @Test
    void likesAreLookedUpOnlyForCandidatesThatMayBePosts() {
        table.lists.put(CandidateList.POPULAR, Fakes.list(CandidateList.POPULAR, "film", "photo"));
        CandidateSources withProducts = new CandidateSources(
                table,
                timelines,
                likes,
                new CandidateLists(Duration.ofSeconds(10), 100, ticker::get, registry),
                new ItemCache(
                        Duration.ofSeconds(5),
                        100,
                        ids -> Future.succeededFuture(Map.of(
                                "film",
                                new ItemCache.Known(
                                        null,
                                        null,
                                        Fakes.product("film", "Film", "Drama", true, java.util.Optional.empty())),
                                "photo",
                                new ItemCache.Known(null, Fakes.post("photo", "bo", "A photo"), null))),
                        ticker::get,
                        Runnable::run,
                        registry),
                200);
        withProducts.forUser("ana", NOW, ServerTiming.starting()).await();

        withProducts.forUser("ana", NOW, ServerTiming.starting()).await();

        assertThat(likes.asked.get(0)).as("nothing known yet").containsExactly("film", "photo");
        assertThat(likes.asked.get(1)).as("the film is known to be a product").containsExactly("photo");
    }

    @Test
    void exploreTakesOneListsItemsAsCandidatesOfItsLabel() {
        String sky = CandidateList.label("Sky");
        table.lists.put(sky, Fakes.list(sky, "a", "b"));

        CandidateSet found = sources.fromList("ana", sky, NOW).await();

        assertThat(found.candidates().values())
                .extracting(Candidate::source, Candidate::because)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(Source.LABEL, "sky"));
        assertThatThrownBy(() -> sources.fromList("ana", CandidateList.POPULAR, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDirectorySplitsLabelsFromCategoriesAndIsEmptyBeforeTheIndexerWroteOne() {
        assertThat(sources.directory(NOW).await()).isEqualTo(new Directory(List.of(), List.of()));
        ticker.addAndGet(Duration.ofSeconds(11).toNanos());
        table.lists.put(
                CandidateList.DIRECTORY,
                Fakes.list(CandidateList.DIRECTORY, "label:sky", "category:nature", "label:sea"));

        assertThat(sources.directory(NOW).await()).isEqualTo(new Directory(List.of("sky", "sea"), List.of("nature")));
    }

    private CandidateSet forUser(String userId) {
        return sources.forUser(userId, NOW, ServerTiming.starting()).await();
    }

    private CandidateSources sources(int maxCandidates) {
        return new CandidateSources(
                table,
                timelines,
                likes,
                new CandidateLists(Duration.ofSeconds(10), 100, ticker::get, registry),
                items,
                maxCandidates);
    }
}

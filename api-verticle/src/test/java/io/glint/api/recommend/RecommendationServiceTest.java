package io.glint.api.recommend;

import static io.glint.api.recommend.Fakes.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.fakes.RecordingEvents;
import io.glint.api.recommend.RecommendationService.Item;
import io.glint.api.recommend.RecommendationService.Ranking;
import io.glint.api.recommend.RecommendationService.Recommendations;
import io.glint.domain.candidates.CandidateList;
import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.catalog.CatalogRepository;
import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.glint.events.InteractionEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Verifies the façade assembled from its parts over in-memory repositories: what the endpoints get. */
class RecommendationServiceTest {
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Fakes.FeatureTable table = new Fakes.FeatureTable();
    private final Fakes.Timelines timelines = new Fakes.Timelines();
    private final Fakes.Likes likes = new Fakes.Likes();
    private final RecordingEvents events = new RecordingEvents();
    private final Map<String, Post> posts = new HashMap<>();
    private final Map<String, CatalogItem> products = new HashMap<>();
    private final RecommendationService service = service("model:100");

    @Test
    void aWarmUserGetsItemsEngagedWithTogetherWithHersFirstExplainedAndLoggedAsImpressions() {
        table.users.put("ana", Fakes.user("ana", List.of("sunrise:like"), Map.of()));
        table.items.put("sunrise", Fakes.features("sunrise", "bo", 10, List.of("Nature"), "sunset"));
        table.items.put("sunset", Fakes.features("sunset", "bo", 5, List.of("Nature")));
        table.items.put("film", Fakes.features("film", null, 50, List.of("Drama")));
        table.lists.put(CandidateList.POPULAR, Fakes.list(CandidateList.POPULAR, "film", "sunrise", "own"));
        posts.put("sunrise", Fakes.post("sunrise", "bo", "Sunrise over the bay"));
        posts.put("sunset", Fakes.post("sunset", "bo", "Sunset"));
        posts.put("own", Fakes.post("own", "ana", "Mine"));
        products.put("film", Fakes.product("film", "Casablanca", "Drama", true, Optional.empty()));

        Recommendations found = service.recommend("ana", 10).await();

        assertThat(found.items())
                .extracting(Item::itemId, Item::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("film", "popular on Glint"),
                        org.assertj.core.groups.Tuple.tuple("sunset", "because you liked “Sunrise over the bay”"));
        assertThat(found.experiment()).isEqualTo("ranking-v1=model");
        assertThat(events.published).extracting(InteractionEvent::itemId).containsExactly("film", "sunset");
    }

    @Test
    void exploreRanksOneCategorysListForTheUser() {
        String drama = CandidateList.category("Drama");
        table.lists.put(drama, Fakes.list(drama, "film", "retired"));
        products.put("film", Fakes.product("film", "Casablanca", "Drama", true, Optional.empty()));
        products.put("retired", Fakes.product("retired", "Retired", "Drama", false, Optional.empty()));

        Recommendations found = service.explore("ana", drama, 10).await();

        assertThat(found.items())
                .extracting(Item::itemId, Item::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("film", "popular in drama"));
    }

    @Test
    void theRankedTimelineAndItsImpressionsGoThroughTheService() {
        RecommendationService chronological = service("model:0,chronological:100");

        Ranking ranking = chronological.rankPosts("ana", List.of("b", "a")).await();
        chronological.shown("ana", ranking.itemIds(), ranking);

        assertThat(ranking.itemIds()).containsExactly("b", "a");
        assertThat(events.published)
                .extracting(event -> event.context().get("source"))
                .containsExactly("timeline", "timeline");
        assertThat(chronological.experiments().header(Experiments.Variant.CHRONOLOGICAL))
                .isEqualTo("ranking-v1=chronological");
    }

    private RecommendationService service(String split) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Experiments experiments = Experiments.parse("X", split);
        ItemCache items = new ItemCache(
                Duration.ofSeconds(5),
                ItemReader.of(table, new PostsInMemory(), new CatalogInMemory(), clock),
                registry);
        CandidateSources sources = new CandidateSources(
                table, timelines, likes, new CandidateLists(Duration.ofSeconds(10), registry), items, 200);
        RankingPolicy policy = new RankingPolicy(experiments, new Fakes.ViewsModel(), new Fakes.FlatPopularity());
        ImpressionLog impressions = new ImpressionLog(events, clock, registry);
        return new RecommendationService(
                sources,
                new RecommendationRanker(
                        policy,
                        new Diversifier(2, 3),
                        new ItemViews(post -> "https://images.example/" + post.objectKey()),
                        impressions),
                new TimelineRanker(table, policy, clock),
                impressions,
                experiments,
                clock);
    }

    private final class PostsInMemory implements PostRepository {
        @Override
        public Future<List<Post>> findAll(List<String> postIds) {
            return Future.succeededFuture(
                    postIds.stream().filter(posts::containsKey).map(posts::get).toList());
        }

        @Override
        public Future<Post> create(Post post) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Optional<Post>> find(String postId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Page> byAuthor(String authorId, boolean includeUnpublished, int limit, String cursor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Post> decide(String postId, Post.Status status, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Void> delete(String postId) {
            throw new UnsupportedOperationException();
        }
    }

    private final class CatalogInMemory implements CatalogRepository {
        @Override
        public Future<Void> putAll(List<CatalogItem> items) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<List<CatalogItem>> findAll(Collection<String> itemIds) {
            return Future.succeededFuture(itemIds.stream()
                    .filter(products::containsKey)
                    .map(products::get)
                    .toList());
        }
    }
}

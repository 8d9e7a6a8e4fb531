package io.glint.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.api.ApiHarness;
import io.glint.api.ApiTestBase;
import io.glint.api.StreamRecords;
import io.glint.domain.posts.Post;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recommendations over a small world: a warm user, a cold one, the filters, the experiment's arms, the ranked timeline,
 * impressions, and bad requests. No model is promoted in this class, and no endpoint is configured: the model arm is
 * served by popularity here ({@link RankingFallbackIT} covers the model's paths).
 */
class RecommendationsIT extends ApiTestBase {
    private static final Instant NOW = Instant.now();

    private JsonObject ana;
    private JsonObject bo;
    private JsonObject cy;
    private JsonObject eli;
    private String sunrise;
    private String sunset;
    private String harbour;
    private String anasOwn;
    private String blocked;
    private String processing;

    @BeforeAll
    void world() {
        ana = api.signup("rec_ana");
        bo = api.signup("rec_bo");
        cy = api.signup("rec_cy");
        eli = api.signup("rec_eli");
        RecommendationWorld world = new RecommendationWorld(vertx, stack, api);
        sunrise = world.publishedPost(bo, "Sunrise over the bay", List.of("Sky", "Sea"), List.of("Nature"));
        sunset = world.publishedPost(bo, "Sunset", List.of("Sky"), List.of("Nature"));
        harbour = world.publishedPost(eli, "The harbour at dusk", List.of("Boat", "Sea"), List.of("Travel"));
        anasOwn = world.publishedPost(ana, "My own view", List.of("Sky"), List.of("Nature"));
        blocked = world.post(bo, "Blocked by moderation");
        api.posts().decide(blocked, Post.Status.BLOCKED, "Explicit Nudity").await();
        processing = world.post(eli, "Not analysed yet");
        world.products(List.of(
                RecommendationWorld.product("film-casablanca", "Casablanca", "Drama", true, Optional.empty()),
                RecommendationWorld.product("film-sold-out", "Sold out", "Drama", true, Optional.of(0L)),
                RecommendationWorld.product("film-retired", "Retired", "Drama", false, Optional.empty())));

        // Many people who liked the sunrise also liked the sunset and the harbour: co-engagement.
        for (int i = 0; i < 6; i++) {
            String someone = "rec-crowd-" + i;
            world.interact(someone, EventType.LIKE, sunrise, NOW.minusSeconds(600 - i));
            world.interact(someone, EventType.LIKE, sunset, NOW.minusSeconds(500 - i));
            world.interact(someone, EventType.VIEW, harbour, NOW.minusSeconds(400 - i));
            world.interact(someone, EventType.VIEW, "film-casablanca", NOW.minusSeconds(300 - i));
            world.interact(someone, EventType.VIEW, "film-sold-out", NOW.minusSeconds(300 - i));
            world.interact(someone, EventType.VIEW, "film-retired", NOW.minusSeconds(300 - i));
            world.interact(someone, EventType.VIEW, blocked, NOW.minusSeconds(300 - i));
            world.interact(someone, EventType.VIEW, processing, NOW.minusSeconds(300 - i));
            world.interact(someone, EventType.VIEW, anasOwn, NOW.minusSeconds(300 - i));
        }
        world.interact(ana.getString("userId"), EventType.LIKE, sunrise, NOW.minusSeconds(60));
        world.store(NOW);
        like(ana, sunrise);
    }

    @Test
    void aWarmUserGetsWhatPeopleWhoLikedTheSameAlsoLikedWithTheReason() {
        HttpResponse<Buffer> response = recommendations(ana, "?limit=10");

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("servedBy")).isEqualTo("popularity");
        assertThat(body.getString("experiment")).isEqualTo("ranking-v1=model");
        assertThat(response.getHeader("X-Experiment")).isEqualTo("ranking-v1=model");
        assertThat(response.getHeader("X-Model-Version")).isEqualTo(body.getString("modelVersion"));
        // The server's time, then its phases in order; together they make up the whole.
        String timing = response.getHeader("Server-Timing");
        assertThat(timing)
                .matches("recommend;dur=[0-9.]+, route;dur=[0-9.]+, user;dur=[0-9.]+, neighbours;dur=[0-9.]+,"
                        + " items;dur=[0-9.]+, score;dur=[0-9.]+, finish;dur=[0-9.]+");
        double[] durations = java.util.Arrays.stream(timing.split(","))
                .mapToDouble(metric -> Double.parseDouble(metric.substring(metric.indexOf("dur=") + 4)))
                .toArray();
        double phases = java.util.Arrays.stream(durations).skip(1).sum();
        assertThat(phases).isBetween(durations[0] - 0.4, durations[0] + 0.4); // each rounded to 0.1 ms
        JsonObject sunsetItem = item(body, sunset);
        assertThat(sunsetItem.getString("source")).isEqualTo("co_engagement");
        assertThat(sunsetItem.getString("reason")).isEqualTo("because you liked “Sunrise over the bay”");
        assertThat(sunsetItem.getString("kind")).isEqualTo("post");
        assertThat(sunsetItem.getString("imageUrl")).startsWith("http");
        assertThat(sunsetItem.getString("authorId")).isEqualTo(bo.getString("userId"));
        assertThat(ids(body))
                .contains(sunset, harbour, "film-casablanca")
                .as("liked, own, blocked, processing, out of stock, inactive")
                .doesNotContain(sunrise, anasOwn, blocked, processing, "film-sold-out", "film-retired");
        JsonObject film = item(body, "film-casablanca");
        assertThat(film.getString("kind")).isEqualTo("product");
        assertThat(film.getString("title")).isEqualTo("Casablanca");
        assertThat(film.getJsonArray("categories")).containsExactly("Drama");
    }

    @Test
    void exploreOffersTheLabelsAndCategoriesAndRanksWhatIsPopularInOneForTheCaller() {
        HttpResponse<Buffer> directory = api.call(HttpMethod.GET, "/v1/explore", cy, null);
        assertThat(directory.statusCode()).as(directory.bodyAsString()).isEqualTo(200);
        assertThat(directory.bodyAsJsonObject().getJsonArray("labels")).contains("sky", "sea", "boat");
        assertThat(directory.bodyAsJsonObject().getJsonArray("categories")).contains("nature", "travel", "drama");

        HttpResponse<Buffer> sea = api.call(HttpMethod.GET, "/v1/explore/items?label=Sea", cy, null);
        assertThat(sea.statusCode()).as(sea.bodyAsString()).isEqualTo(200);
        assertThat(sea.getHeader("X-Experiment")).isEqualTo("ranking-v1=model");
        JsonObject seaBody = sea.bodyAsJsonObject();
        assertThat(ids(seaBody)).containsExactlyInAnyOrder(sunrise, harbour);
        assertThat(item(seaBody, harbour).getString("reason")).isEqualTo("popular among photos of sea");
        // The same filters as recommendations: not one's own post, nor what one liked.
        assertThat(ids(explore(ana, "?label=sky"))).contains(sunset).doesNotContain(anasOwn, sunrise);
        assertThat(ids(explore(cy, "?category=Drama")))
                .contains("film-casablanca")
                .doesNotContain("film-sold-out", "film-retired");
        assertThat(ids(explore(cy, "?label=nothing-like-this"))).isEmpty();

        for (String bad : List.of("", "?label=sky&category=nature", "?label=%25%25", "?label=sky&limit=0")) {
            HttpResponse<Buffer> refused = api.call(HttpMethod.GET, "/v1/explore/items" + bad, cy, null);
            assertThat(refused.statusCode())
                    .as(bad + ": " + refused.bodyAsString())
                    .isEqualTo(400);
            assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(api.client().get("/v1/explore").send().await().statusCode()).isEqualTo(401);
    }

    private JsonObject explore(JsonObject caller, String query) {
        HttpResponse<Buffer> response = api.call(HttpMethod.GET, "/v1/explore/items" + query, caller, null);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    @Test
    void aNewPostOfAnAccountOneFollowsIsRecommendedAtOnceWithItsReason() {
        JsonObject fay = api.signup("rec_fay");
        JsonObject gil = api.signup("rec_gil");
        follow(gil, fay);
        String fresh = new RecommendationWorld(vertx, stack, api).publishedPost(fay, "Fresh", List.of(), List.of());

        JsonObject body = recommendations(gil, "").bodyAsJsonObject();

        assertThat(ids(body)).contains(fresh);
        assertThat(item(body, fresh).getString("reason")).isEqualTo("new from an account you follow");
    }

    @Test
    void aColdUserGetsWhatIsPopular() {
        JsonObject body = recommendations(cy, "").bodyAsJsonObject();

        assertThat(ids(body)).contains(sunrise, sunset, harbour, "film-casablanca");
        assertThat(body.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("reason")))
                .as("a new account has no history to explain anything by")
                .isSubsetOf("trending now", "popular on Glint");
        List<Double> scores = body.getJsonArray("items").stream()
                .map(item -> ((JsonObject) item).getDouble("score"))
                .toList();
        assertThat(scores).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void theLimitIsKeptAndOneAuthorDoesNotTakeThePageWhileOthersAreLeft() {
        JsonObject body = recommendations(cy, "?limit=3").bodyAsJsonObject();

        assertThat(body.getJsonArray("items")).hasSize(3);
        long bos = body.getJsonArray("items").stream()
                .filter(item -> bo.getString("userId").equals(((JsonObject) item).getString("authorId")))
                .count();
        assertThat(bos).isLessThanOrEqualTo(2);
    }

    @Test
    void everyRecommendedItemIsLoggedAsAnImpression() throws Exception {
        double loggedBefore = impressionsMeter("logged");
        JsonObject body = recommendations(eli, "?limit=5").bodyAsJsonObject();
        List<String> shown = ids(body);
        assertThat(shown).isNotEmpty();
        // The meter counts them by outcome: every one was taken by the publisher.
        assertThat(impressionsMeter("logged") - loggedBefore).isEqualTo(shown.size());
        assertThat(impressionsMeter("dropped")).isZero();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<InteractionEvent> impressions = StreamRecords.readAll(stack).stream()
                    .filter(event -> event.type() == EventType.IMPRESSION)
                    .filter(event -> event.userId().equals(eli.getString("userId")))
                    .toList();
            assertThat(impressions).extracting(InteractionEvent::itemId).containsAll(shown);
            assertThat(impressions.get(0).context())
                    .containsEntry("experiment", "ranking-v1=model")
                    .containsEntry("servedBy", "popularity")
                    .containsKeys("position", "source", "modelVersion");
        });
    }

    /** {@code glint_recommendations_impressions_total} with {@code outcome} from {@code /metrics}. */
    private double impressionsMeter(String outcome) {
        String text = api.client().get("/metrics").send().await().bodyAsString();
        return text.lines()
                .filter(line -> line.startsWith("glint_recommendations_impressions_total{")
                        && line.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void theRankedTimelineRanksFollowedPostsAndSaysHow() {
        follow(ana, bo);
        follow(ana, eli);

        HttpResponse<Buffer> response = api.call(HttpMethod.GET, "/v1/feed?mode=ranked&limit=10", ana, null);

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("servedBy")).isEqualTo("popularity");
        assertThat(body.containsKey("nextCursor")).isFalse();
        assertThat(response.getHeader("X-Experiment")).isEqualTo("ranking-v1=model");
        List<String> posts = body.getJsonArray("items").stream()
                .map(item -> ((JsonObject) item).getString("postId"))
                .toList();
        assertThat(posts).containsExactlyInAnyOrder(sunrise, sunset, harbour, anasOwn);
        assertThat(api.call(HttpMethod.GET, "/v1/feed?mode=sideways", ana, null).statusCode())
                .isEqualTo(400);
    }

    @Test
    void theExperimentsOtherArmsRankByPopularityOrByTime() {
        // One at a time: deployments on one Vert.x share their token keys by name.
        try (ApiHarness popular = new ApiHarness(
                vertx, stack, Map.of(RecommendationConfig.EXPERIMENT, "model:0,popularity:100,chronological:0"))) {
            HttpResponse<Buffer> byPopularity =
                    popular.call(HttpMethod.GET, "/v1/recommendations", popular.signup("rec_pop"), null);
            assertThat(byPopularity.statusCode())
                    .as(byPopularity.bodyAsString())
                    .isEqualTo(200);
            assertThat(byPopularity.getHeader("X-Experiment")).isEqualTo("ranking-v1=popularity");
            assertThat(byPopularity.bodyAsJsonObject().getString("servedBy")).isEqualTo("popularity");
        }
        try (ApiHarness newest = new ApiHarness(
                vertx, stack, Map.of(RecommendationConfig.EXPERIMENT, "model:0,popularity:0,chronological:100"))) {
            HttpResponse<Buffer> byTime =
                    newest.call(HttpMethod.GET, "/v1/recommendations", newest.signup("rec_new"), null);
            assertThat(byTime.getHeader("X-Experiment")).isEqualTo("ranking-v1=chronological");
            JsonObject body = byTime.bodyAsJsonObject();
            assertThat(body.getString("servedBy")).isEqualTo("chronological");
            List<String> posts = ids(body).stream()
                    .filter(id -> List.of(sunrise, sunset, harbour).contains(id))
                    .toList();
            assertThat(posts).as("newest first").containsExactly(harbour, sunset, sunrise);
        }
    }

    @Test
    void badRequestsAreRefusedWithAProblem() {
        for (String query : List.of("?limit=0", "?limit=51", "?limit=many")) {
            HttpResponse<Buffer> response = recommendations(ana, query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(api.client().get("/v1/recommendations").send().await().statusCode())
                .isEqualTo(401);
    }

    private HttpResponse<Buffer> recommendations(JsonObject user, String query) {
        return api.call(HttpMethod.GET, "/v1/recommendations" + query, user, null);
    }

    private void like(JsonObject user, String postId) {
        assertThat(api.call(HttpMethod.PUT, "/v1/posts/" + postId + "/like", user, null)
                        .statusCode())
                .isEqualTo(204);
    }

    private void follow(JsonObject follower, JsonObject followee) {
        assertThat(api.call(HttpMethod.PUT, "/v1/users/" + followee.getString("userId") + "/follow", follower, null)
                        .statusCode())
                .isEqualTo(204);
    }

    static List<String> ids(JsonObject body) {
        JsonArray items = body.getJsonArray("items");
        return items.stream()
                .map(item -> ((JsonObject) item).getString("itemId"))
                .toList();
    }

    static JsonObject item(JsonObject body, String itemId) {
        return body.getJsonArray("items").stream()
                .map(item -> (JsonObject) item)
                .filter(item -> item.getString("itemId").equals(itemId))
                .findFirst()
                .orElseThrow(() -> new AssertionError(itemId + " is not in " + body.encodePrettily()));
    }
}

package io.glint.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiTestBase;
import io.glint.domain.posts.Post;
import io.glint.events.EventType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A world where every candidate a user could get is one the filters take out: the answer is empty, not an error. */
class RecommendationFiltersIT extends ApiTestBase {

    @Test
    void aUserWhoseCandidatesAreAllFilteredGetsAnEmptyList() {
        JsonObject dee = api.signup("filters_dee");
        JsonObject fox = api.signup("filters_fox");
        RecommendationWorld world = new RecommendationWorld(vertx, stack, api);
        String own = world.publishedPost(dee, "Dee's own", List.of("Cat"), List.of("Animals and Pets"));
        String liked = world.publishedPost(fox, "Liked already", List.of("Cat"), List.of("Animals and Pets"));
        String blocked = world.post(fox, "Blocked");
        api.posts().decide(blocked, Post.Status.BLOCKED, "Violence").await();
        String processing = world.post(fox, "Processing");
        world.products(List.of(RecommendationWorld.product("print", "Print", "Art", true, Optional.of(0L))));
        Instant now = Instant.now();
        for (String item : List.of(own, liked, blocked, processing, "print", "deleted-post")) {
            world.interact("filters-crowd", EventType.VIEW, item, now.minusSeconds(30));
        }
        world.store(now);
        assertThat(api.call(HttpMethod.PUT, "/v1/posts/" + liked + "/like", dee, null)
                        .statusCode())
                .isEqualTo(204);

        HttpResponse<Buffer> response = api.call(HttpMethod.GET, "/v1/recommendations", dee, null);

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getJsonArray("items")).isEmpty();
        // The same candidates for someone else: only the liked post is left (fox's own are fox's).
        JsonObject gil = api.signup("filters_gil");
        assertThat(RecommendationsIT.ids(api.call(HttpMethod.GET, "/v1/recommendations", gil, null)
                        .bodyAsJsonObject()))
                .containsExactlyInAnyOrder(own, liked);
    }
}

package io.glint.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.api.ApiTestBase;
import io.glint.api.StreamRecords;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The interactions of an API journey arrive on the stream, typed and attributed to the caller. */
class EventsIT extends ApiTestBase {

    @Test
    void followsPostsAndReportedViewsArriveOnTheStream(TestStack stack) {
        JsonObject ann = api.signup("events_ann");
        JsonObject bo = api.signup("events_bo");
        String annId = ann.getString("userId");
        String boId = bo.getString("userId");

        api.client()
                .put("/v1/users/" + boId + "/follow")
                .putHeader("Authorization", "Bearer " + ann.getString("accessToken"))
                .send()
                .await();
        String uploadId = api.post(
                        "/v1/uploads",
                        ann.getString("accessToken"),
                        new JsonObject().put("contentType", "image/png").put("size", 10))
                .bodyAsJsonObject()
                .getString("uploadId");
        String postId = api.post("/v1/posts", ann.getString("accessToken"), new JsonObject().put("uploadId", uploadId))
                .bodyAsJsonObject()
                .getString("postId");
        JsonObject report = api.post(
                        "/v1/events",
                        ann.getString("accessToken"),
                        new JsonObject()
                                .put(
                                        "events",
                                        new JsonArray()
                                                .add(clientEvent("view-1", "view", postId))
                                                .add(clientEvent("imp-1", "impression", postId)
                                                        .put("context", new JsonObject().put("surface", "feed")))))
                .bodyAsJsonObject();
        assertThat(report.getInteger("accepted")).isEqualTo(2);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<InteractionEvent> anns = StreamRecords.readAll(stack).stream()
                    .filter(event -> event.userId().equals(annId))
                    .toList();
            assertThat(anns)
                    .extracting(InteractionEvent::type, InteractionEvent::itemId)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(EventType.FOLLOW, boId),
                            org.assertj.core.groups.Tuple.tuple(EventType.POST_CREATED, postId),
                            org.assertj.core.groups.Tuple.tuple(EventType.VIEW, postId),
                            org.assertj.core.groups.Tuple.tuple(EventType.IMPRESSION, postId));
            assertThat(anns.get(2).eventId())
                    .as("the client's event id is kept")
                    .isEqualTo("view-1");
            assertThat(anns.get(3).context()).containsEntry("surface", "feed");
        });
    }

    @Test
    void aBadEventRejectsTheWholeBatch(TestStack stack) throws Exception {
        JsonObject cy = api.signup("events_cy");
        String token = cy.getString("accessToken");
        List<JsonArray> batches = List.of(
                new JsonArray().add(clientEvent("ok-1", "view", "p1")).add(clientEvent("bad-1", "like", "p1")),
                new JsonArray().add(clientEvent("has space", "view", "p1")),
                new JsonArray().add(clientEvent("ok-2", "view", "p1").put("userId", "someone-else")),
                new JsonArray().add(new JsonObject().put("eventId", "x").put("type", "view")),
                new JsonArray());
        for (JsonArray batch : batches) {
            assertThat(api.post("/v1/events", token, new JsonObject().put("events", batch))
                            .statusCode())
                    .as(batch.encode())
                    .isEqualTo(400);
        }
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i < 101; i++) {
            tooMany.add(clientEvent("e" + i, "view", "p1"));
        }
        assertThat(api.post("/v1/events", token, new JsonObject().put("events", tooMany))
                        .statusCode())
                .isEqualTo(400);

        Thread.sleep(300); // Longer than the publisher's linger: anything published would be on the stream by now.
        assertThat(StreamRecords.readAll(stack))
                .noneMatch(event -> event.userId().equals(cy.getString("userId")));
    }

    @Test
    void aViewDatedInTheFutureIsRefused(TestStack stack) throws Exception {
        JsonObject dee = api.signup("events_dee");
        String postId = publishedPostOf(api.signup("events_dees_friend"));
        JsonObject future = clientEvent("future-1", "view", postId)
                .put("ts", Instant.now().plus(Duration.ofDays(1)).toString());

        HttpResponse<Buffer> response = api.post(
                "/v1/events",
                dee.getString("accessToken"),
                new JsonObject().put("events", new JsonArray().add(future)));

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
        Thread.sleep(300); // Longer than the publisher's linger.
        assertThat(StreamRecords.readAll(stack))
                .noneMatch(event -> event.userId().equals(dee.getString("userId")));
    }

    @Test
    void eventsForMadeUpItemsAreDroppedNotPublished(TestStack stack) throws Exception {
        JsonObject eve = api.signup("events_eve");
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 20; i++) {
            batch.add(clientEvent("made-up-" + i, "view", "made-up-item-" + i));
        }

        JsonObject report = api.post("/v1/events", eve.getString("accessToken"), new JsonObject().put("events", batch))
                .bodyAsJsonObject();

        assertThat(report.getInteger("accepted")).isZero();
        assertThat(report.getInteger("dropped")).isEqualTo(20);
        Thread.sleep(300);
        assertThat(StreamRecords.readAll(stack))
                .noneMatch(event -> event.userId().equals(eve.getString("userId")));
    }

    @Test
    void aClientCannotNameTheAuthorOfAPost(TestStack stack) {
        JsonObject fay = api.signup("events_fay");
        JsonObject gil = api.signup("events_gil");
        String postId = publishedPostOf(gil);
        JsonObject claimed = clientEvent("claimed-1", "view", postId)
                .put("context", new JsonObject().put("authorId", fay.getString("userId")));

        assertThat(api.post(
                                "/v1/events",
                                fay.getString("accessToken"),
                                new JsonObject().put("events", new JsonArray().add(claimed)))
                        .bodyAsJsonObject()
                        .getInteger("accepted"))
                .isEqualTo(1);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(StreamRecords.readAll(stack))
                .filteredOn(event -> event.eventId().equals("claimed-1"))
                .singleElement()
                .satisfies(event -> assertThat(event.context()).containsEntry("authorId", gil.getString("userId"))));
    }

    private String publishedPostOf(JsonObject author) {
        String uploadId = api.post(
                        "/v1/uploads",
                        author.getString("accessToken"),
                        new JsonObject().put("contentType", "image/png").put("size", 10))
                .bodyAsJsonObject()
                .getString("uploadId");
        String postId = api.post(
                        "/v1/posts", author.getString("accessToken"), new JsonObject().put("uploadId", uploadId))
                .bodyAsJsonObject()
                .getString("postId");
        api.publish(postId);
        return postId;
    }

    private static JsonObject clientEvent(String eventId, String type, String itemId) {
        return new JsonObject()
                .put("eventId", eventId)
                .put("type", type)
                .put("itemId", itemId)
                .put("ts", Instant.now().toString());
    }
}

package io.glint.api.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiHarness;
import io.glint.api.ApiTestBase;
import io.glint.core.config.ResourceNames;
import io.glint.domain.analysis.Analysis;
import io.glint.domain.analysis.Analysis.Verdict;
import io.glint.domain.feed.PostPublisher;
import io.glint.domain.posts.Post;
import io.glint.domain.uploads.Upload;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Upload analyses over HTTP against the local stack. The analysis worker is not running: tests store analyses with the
 * repository, as the worker would, and decide posts with {@link PostPublisher}.
 */
class AnalysisIT extends ApiTestBase {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void theAuthorReadsTheAnalysisOfAnUnpublishedPostWithItsReasonAndNobodyElseSeesIt() {
        JsonObject alice = api.signup("analysis_alice");
        JsonObject bob = api.signup("analysis_bob");
        String uploadId = api.upload(alice, false);
        String postId = createPost(alice, uploadId);

        JsonObject pending = get("/v1/posts/" + postId + "/analysis", alice).bodyAsJsonObject();
        assertThat(pending.getMap())
                .as("no analysis yet: the post's status only")
                .isEqualTo(Map.of("postId", postId, "status", "processing"));
        assertThat(get("/v1/posts/" + postId + "/analysis", bob).statusCode()).isEqualTo(404);

        String objectKey = Upload.objectKey(alice.getString("userId"), uploadId);
        record(blocked(alice.getString("userId"), objectKey, T0));
        JsonObject processing = get("/v1/posts/" + postId + "/analysis", alice).bodyAsJsonObject();
        assertThat(processing.getString("status")).isEqualTo("processing");
        assertThat(processing.getString("verdict")).isEqualTo("blocked");
        assertThat(processing.getString("reason")).isEqualTo("blocked: Explicit Nudity");
        assertThat(get("/v1/posts/" + postId + "/analysis", bob).statusCode())
                .as("a processing post does not exist for others")
                .isEqualTo(404);

        new PostPublisher(api.posts(), api.feed())
                .decide(postId, Post.Status.BLOCKED, "blocked: Explicit Nudity")
                .await();

        HttpResponse<Buffer> own = get("/v1/posts/" + postId + "/analysis", alice);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.getHeader("Cache-Control")).isEqualTo("no-store");
        JsonObject body = own.bodyAsJsonObject();
        assertThat(body.getString("postId")).isEqualTo(postId);
        assertThat(body.getString("status")).isEqualTo("blocked");
        assertThat(body.getString("verdict")).isEqualTo("blocked");
        assertThat(body.getString("reason")).isEqualTo("blocked: Explicit Nudity");
        assertThat(body.getJsonObject("image").getMap())
                .isEqualTo(Map.of("format", "jpeg", "width", 1080, "height", 1350, "frames", 1));
        assertThat(body.getJsonArray("moderation").getJsonObject(0).getMap())
                .isEqualTo(Map.of("name", "Explicit Nudity", "parentName", "Explicit", "confidence", 91.5));
        assertThat(body.getJsonArray("labels").getJsonObject(0).getString("name"))
                .isEqualTo("Person");
        assertThat(body.getInteger("facesCount")).isEqualTo(1);
        assertThat(body.getJsonArray("faces").getJsonObject(0).getDouble("left"))
                .isEqualTo(0.25);
        assertThat(body.getLong("processingMillis")).isEqualTo(840);
        assertThat(Instant.parse(body.getString("analyzedAt"))).isEqualTo(T0);
        assertThat(get("/v1/posts/" + postId + "/analysis", bob).statusCode())
                .as("a blocked post does not exist for others")
                .isEqualTo(404);
        assertThat(get("/v1/posts/" + UUID.randomUUID() + "/analysis", alice).statusCode())
                .isEqualTo(404);
        assertThat(get("/v1/posts/not-a-uuid/analysis", alice).statusCode()).isEqualTo(400);
    }

    @Test
    void othersSeeAPublishedPostsAnalysisWithoutReasonOrModeration() {
        JsonObject carol = api.signup("analysis_carol");
        JsonObject dave = api.signup("analysis_dave");
        String uploadId = api.upload(carol, false);
        String postId = createPost(carol, uploadId);
        Analysis accepted = new Analysis(
                Upload.objectKey(carol.getString("userId"), uploadId),
                carol.getString("userId"),
                Verdict.ACCEPTED,
                null,
                new Analysis.Image("png", 800, 600, 1),
                List.of(new Analysis.Label("Dog", 97.5, List.of("Animal", "Pet"), List.of("Animals and Pets"))),
                // Below the blocking threshold, but still the author's business.
                List.of(new Analysis.ModerationLabel("Suggestive", "", 12.0)),
                List.of(),
                610,
                T0);
        record(accepted);
        api.publish(postId);

        JsonObject seen = get("/v1/posts/" + postId + "/analysis", dave).bodyAsJsonObject();
        assertThat(seen.getString("status")).isEqualTo("published");
        assertThat(seen.getString("verdict")).isEqualTo("accepted");
        assertThat(seen.containsKey("reason")).isFalse();
        assertThat(seen.containsKey("moderation"))
                .as("moderation labels are the author's business")
                .isFalse();
        assertThat(seen.getJsonArray("labels").getJsonObject(0).getMap())
                .isEqualTo(Map.of(
                        "name",
                        "Dog",
                        "confidence",
                        97.5,
                        "parents",
                        List.of("Animal", "Pet"),
                        "categories",
                        List.of("Animals and Pets")));
        assertThat(seen.getInteger("facesCount")).isZero();
        assertThat(seen.getJsonArray("faces")).isEmpty();

        JsonObject own = get("/v1/posts/" + postId + "/analysis", carol).bodyAsJsonObject();
        assertThat(own.getJsonArray("moderation")).hasSize(1);
    }

    @Test
    void theCallersAnalysesPageNewestFirstAndFilterByVerdict() {
        JsonObject erin = api.signup("analysis_erin");
        JsonObject frank = api.signup("analysis_frank");
        String owner = erin.getString("userId");
        List<Analysis> stored = List.of(
                accepted(owner, Upload.objectKey(owner, UUID.randomUUID().toString()), T0),
                blocked(owner, Upload.objectKey(owner, UUID.randomUUID().toString()), T0.plusSeconds(1)),
                rejected(owner, Upload.objectKey(owner, UUID.randomUUID().toString()), T0.plusSeconds(2)),
                accepted(owner, Upload.objectKey(owner, UUID.randomUUID().toString()), T0.plusSeconds(3)),
                accepted(owner, Upload.objectKey(owner, UUID.randomUUID().toString()), T0.plusSeconds(4)));
        stored.forEach(this::record);
        record(accepted(
                frank.getString("userId"),
                Upload.objectKey(frank.getString("userId"), UUID.randomUUID().toString()),
                T0.plusSeconds(5)));

        List<JsonObject> all = pages(erin, "limit=2");
        assertThat(all)
                .extracting(item -> item.getString("objectKey"))
                .containsExactly(
                        stored.get(4).objectKey(),
                        stored.get(3).objectKey(),
                        stored.get(2).objectKey(),
                        stored.get(1).objectKey(),
                        stored.get(0).objectKey());
        JsonObject rejected = all.get(2);
        assertThat(rejected.getString("verdict")).isEqualTo("rejected");
        assertThat(rejected.getString("reason")).isEqualTo("rejected: not an image");
        assertThat(rejected.containsKey("image")).isFalse();
        assertThat(rejected.getString("uploadId"))
                .isEqualTo(stored.get(2)
                        .objectKey()
                        .substring(stored.get(2).objectKey().lastIndexOf('/') + 1));
        JsonObject blocked = all.get(3);
        assertThat(blocked.getString("reason")).isEqualTo("blocked: Explicit Nudity");
        assertThat(blocked.getInteger("facesCount")).isEqualTo(1);
        assertThat(blocked.getJsonObject("image").getString("format")).isEqualTo("jpeg");

        assertThat(pages(erin, "status=accepted&limit=2"))
                .extracting(item -> item.getString("objectKey"))
                .containsExactly(
                        stored.get(4).objectKey(),
                        stored.get(3).objectKey(),
                        stored.get(0).objectKey());
        assertThat(pages(erin, "status=blocked"))
                .extracting(item -> item.getString("verdict"))
                .containsExactly("blocked");
        assertThat(pages(frank, "status=rejected")).isEmpty();
    }

    @Test
    void badListRequestsAre400() {
        JsonObject grace = api.signup("analysis_grace");
        JsonObject heidi = api.signup("analysis_heidi");
        for (JsonObject user : List.of(grace, heidi)) {
            String owner = user.getString("userId");
            for (int i = 0; i < 3; i++) {
                record(accepted(owner, Upload.objectKey(owner, UUID.randomUUID().toString()), T0.plusSeconds(i)));
            }
        }
        String gracesCursor =
                get("/v1/analysis?limit=1", grace).bodyAsJsonObject().getString("nextCursor");
        String acceptedCursor = get("/v1/analysis?status=accepted&limit=1", grace)
                .bodyAsJsonObject()
                .getString("nextCursor");
        assertThat(gracesCursor).isNotNull();
        assertThat(acceptedCursor).isNotNull();
        assertThat(get("/v1/analysis?cursor=" + gracesCursor, grace).statusCode())
                .isEqualTo(200);

        for (String query : List.of(
                "status=published",
                "status=ACCEPTED",
                "limit=0",
                "limit=51",
                "limit=ten",
                "cursor=garbage!!",
                "cursor=bm90LWEtY3Vyc29y",
                "cursor=")) {
            HttpResponse<Buffer> refused = get("/v1/analysis?" + query, grace);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.getHeader("Content-Type")).as(query).isEqualTo("application/problem+json");
        }
        assertThat(get("/v1/analysis?cursor=" + gracesCursor, heidi).statusCode())
                .as("a cursor of another user's analyses")
                .isEqualTo(400);
        assertThat(get("/v1/analysis?cursor=" + acceptedCursor, grace).statusCode())
                .as("a cursor of the accepted-only listing, without the filter")
                .isEqualTo(400);
        assertThat(api.client().get("/v1/analysis").send().await().statusCode()).isEqualTo(401);
    }

    @Test
    void aPostCreatedAfterItsAnalysisIsHandedToTheWorkerOnce() throws Exception {
        JsonObject ivan = api.signup("analysis_ivan");
        drain();
        // With bytes: the stack also queues S3's ObjectCreated event, which the test must tell apart.
        String uploadId = api.upload(ivan, true);
        String objectKey = Upload.objectKey(ivan.getString("userId"), uploadId);
        record(accepted(ivan.getString("userId"), objectKey, T0));
        double sentBefore = handOffs(api, "sent");

        String postId = createPost(ivan, uploadId);

        List<String> bodies = drain();
        assertThat(bodies.stream().filter(body -> body.contains(postId)))
                .containsExactly("{\"glint\":\"post-created\",\"postId\":\"" + postId + "\",\"objectKey\":\""
                        + objectKey + "\"}");
        assertThat(bodies.stream().filter(body -> body.contains("\"glint\"")))
                .as("nothing else of ours")
                .hasSize(1);
        assertThat(handOffs(api, "sent")).isEqualTo(sentBefore + 1);
    }

    @Test
    void aPostCreatedBeforeItsAnalysisSendsNothing() throws Exception {
        JsonObject judy = api.signup("analysis_judy");
        drain();
        String uploadId = api.upload(judy, true);

        String postId = createPost(judy, uploadId);

        List<String> bodies = drain();
        assertThat(bodies).noneMatch(body -> body.contains("\"glint\""));
        assertThat(bodies)
                .as("the S3 event of the upload did arrive: the queue was read")
                .anyMatch(body -> body.contains(uploadId));
        assertThat(get("/v1/posts/" + postId, judy).statusCode()).isEqualTo(200);
    }

    @Test
    void aPostIsCreatedEvenWhenTheWorkerCannotBeTold() {
        ResourceNames names = stack.names();
        ResourceNames noQueue = new ResourceNames(
                names.tablePrefix(),
                names.interactionsStream(),
                names.uploadsBucket(),
                names.uploadsQueue() + "-missing",
                names.uploadsDeadLetterQueue(),
                names.archiveBucket(),
                names.modelsBucket());
        try (ApiHarness broken = new ApiHarness(vertx, stack, Map.of(), noQueue)) {
            JsonObject mallory = broken.signup("analysis_mallory");
            String uploadId = broken.upload(mallory, false);
            record(accepted(mallory.getString("userId"), Upload.objectKey(mallory.getString("userId"), uploadId), T0));

            HttpResponse<Buffer> created = broken.post(
                    "/v1/posts", mallory.getString("accessToken"), new JsonObject().put("uploadId", uploadId));

            assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
            String postId = created.bodyAsJsonObject().getString("postId");
            assertThat(api.posts().find(postId).await())
                    .hasValueSatisfying(post -> assertThat(post.status()).isEqualTo(Post.Status.PROCESSING));
            assertThat(handOffs(broken, "failed")).isEqualTo(1);
        }
    }

    private String createPost(JsonObject user, String uploadId) {
        HttpResponse<Buffer> created =
                api.post("/v1/posts", user.getString("accessToken"), new JsonObject().put("uploadId", uploadId));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        return created.bodyAsJsonObject().getString("postId");
    }

    /** Every item of the caller's analyses, following {@code nextCursor} (at most ten pages). */
    private List<JsonObject> pages(JsonObject user, String query) {
        List<JsonObject> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<Buffer> response =
                    get("/v1/analysis?" + query + (cursor == null ? "" : "&cursor=" + cursor), user);
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            JsonObject page = response.bodyAsJsonObject();
            JsonArray found = page.getJsonArray("items");
            found.forEach(item -> items.add((JsonObject) item));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        return items;
    }

    /** Receives and deletes everything on the uploads queue until a receive comes back empty; the bodies. */
    private List<String> drain() throws Exception {
        SqsAsyncClient sqs = stack.clients().sqs();
        String url = sqs.getQueueUrl(get -> get.queueName(stack.names().uploadsQueue()))
                .get(10, TimeUnit.SECONDS)
                .queueUrl();
        List<String> bodies = new ArrayList<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(receive ->
                            receive.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .get(10, TimeUnit.SECONDS)
                    .messages();
            if (messages.isEmpty()) {
                return bodies;
            }
            for (Message message : messages) {
                bodies.add(message.body());
                sqs.deleteMessage(delete -> delete.queueUrl(url).receiptHandle(message.receiptHandle()))
                        .get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static double handOffs(ApiHarness harness, String outcome) {
        return harness.registry()
                .get(AnalysisHandOff.HANDOFFS)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private void record(Analysis analysis) {
        assertThat(api.analyses().record(analysis).await()).isTrue();
    }

    private HttpResponse<Buffer> get(String path, JsonObject user) {
        return api.client()
                .get(path)
                .putHeader("Authorization", "Bearer " + user.getString("accessToken"))
                .send()
                .await();
    }

    private static Analysis accepted(String owner, String objectKey, Instant at) {
        return new Analysis(
                objectKey,
                owner,
                Verdict.ACCEPTED,
                null,
                new Analysis.Image("png", 800, 600, 1),
                List.of(new Analysis.Label("Dog", 97.5, List.of("Animal"), List.of("Animals and Pets"))),
                List.of(),
                List.of(),
                610,
                at);
    }

    private static Analysis blocked(String owner, String objectKey, Instant at) {
        return new Analysis(
                objectKey,
                owner,
                Verdict.BLOCKED,
                "blocked: Explicit Nudity",
                new Analysis.Image("jpeg", 1080, 1350, 1),
                List.of(new Analysis.Label("Person", 98.25, List.of(), List.of("Person Description"))),
                List.of(new Analysis.ModerationLabel("Explicit Nudity", "Explicit", 91.5)),
                List.of(new Analysis.Face(0.25, 0.125, 0.2, 0.3, 99.5)),
                840,
                at);
    }

    private static Analysis rejected(String owner, String objectKey, Instant at) {
        return new Analysis(
                objectKey, owner, Verdict.REJECTED, "rejected: not an image", null, null, null, null, 35, at);
    }
}

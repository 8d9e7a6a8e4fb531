package io.glint.api.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiTestBase;
import io.glint.api.Latencies;
import io.glint.api.http.RateLimits;
import io.glint.domain.feed.FeedConfig;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * A small benchmark of {@code GET /v1/feed} on the local stack: a reader who follows 40 accounts with 3 posts each,
 * plus one account big enough to be pulled, reads the first page of 20 sequentially and from 8 concurrent clients.
 * It reports percentiles in the test output and in {@code target/benchmarks/feed-latency.json}; it asserts only that
 * every request succeeded (timings on a shared two-core machine are figures, not pass/fail criteria).
 */
class FeedLatencyBenchmarkIT extends ApiTestBase {
    private static final int AUTHORS = 40;
    private static final int POSTS_PER_AUTHOR = 3;
    private static final int WARM_UP = 50;
    private static final int SEQUENTIAL = 300;
    private static final int CLIENTS = 8;
    private static final int PER_CLIENT = 25;

    @Override
    protected Map<String, String> overrides() {
        // The star below has AUTHORS + 1 followers: at this threshold it is pulled, everyone else fanned out.
        // Sign-ups share the per-IP limit of logins; this test signs up more accounts than it allows.
        return Map.of(FeedConfig.PULL_THRESHOLD, Integer.toString(AUTHORS), RateLimits.LOGINS_PER_MINUTE, "1000");
    }

    @Test
    void feedLatency() throws IOException {
        JsonObject reader = api.signup("bench_reader");
        JsonObject star = api.signup("bench_star");
        List<JsonObject> authors = new ArrayList<>();
        for (int i = 0; i < AUTHORS; i++) {
            JsonObject author = api.signup("bench_author" + i);
            authors.add(author);
            follow(reader, author);
            follow(author, star);
        }
        follow(reader, star);
        for (int round = 0; round < POSTS_PER_AUTHOR; round++) {
            for (JsonObject author : authors) {
                publishedPost(author);
            }
            publishedPost(star);
        }
        assertThat(feed(reader).bodyAsJsonObject().getJsonArray("items")).hasSize(20);

        for (int i = 0; i < WARM_UP; i++) {
            feed(reader);
        }
        long[] sequential = new long[SEQUENTIAL];
        for (int i = 0; i < SEQUENTIAL; i++) {
            long start = System.nanoTime();
            assertThat(feed(reader).statusCode()).isEqualTo(200);
            sequential[i] = System.nanoTime() - start;
        }
        AtomicLongArray concurrent = new AtomicLongArray(CLIENTS * PER_CLIENT);
        List<Future<Void>> clients = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            clients.add(Latencies.closedLoop(
                    api.client(),
                    "/v1/feed",
                    reader.getString("accessToken"),
                    concurrent,
                    client * PER_CLIENT,
                    PER_CLIENT));
        }
        Future.all(clients).await();
        long[] loaded = new long[concurrent.length()];
        for (int i = 0; i < loaded.length; i++) {
            loaded[i] = concurrent.get(i);
        }

        String report = "{\"endpoint\": \"GET /v1/feed?limit=20\", \"follows\": " + (AUTHORS + 1)
                + ", \"sequential\": " + Latencies.percentiles(sequential)
                + ", \"concurrent" + CLIENTS + "\": " + Latencies.percentiles(loaded) + "}";
        System.out.println("Feed latency on the local stack (ms): " + report);
        Path file = Path.of("target", "benchmarks", "feed-latency.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report + System.lineSeparator());
    }

    private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> feed(JsonObject reader) {
        return api.call(HttpMethod.GET, "/v1/feed", reader, null);
    }

    private void follow(JsonObject follower, JsonObject followee) {
        assertThat(api.call(HttpMethod.PUT, "/v1/users/" + followee.getString("userId") + "/follow", follower, null)
                        .statusCode())
                .isEqualTo(204);
    }

    private void publishedPost(JsonObject author) {
        String postId = api.post(
                        "/v1/posts",
                        author.getString("accessToken"),
                        new JsonObject().put("uploadId", api.upload(author, false)))
                .bodyAsJsonObject()
                .getString("postId");
        api.publish(Objects.requireNonNull(postId));
    }
}

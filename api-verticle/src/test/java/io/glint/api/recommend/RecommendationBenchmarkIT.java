package io.glint.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiHarness;
import io.glint.api.Latencies;
import io.glint.api.Throughput;
import io.glint.api.http.RateLimits;
import io.glint.core.aws.AwsService;
import io.glint.core.json.Json;
import io.glint.domain.candidates.CandidateList;
import io.glint.domain.features.FeatureReads;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.events.EventType;
import io.glint.featurestore.dynamo.BatchReader;
import io.glint.featurestore.features.ServingFeatures;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.glint.model.registry.ModelRegistry;
import io.glint.model.registry.S3ModelRegistry;
import io.glint.model.scoring.EndpointScorer;
import io.glint.modelserver.ModelServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A benchmark of {@code GET /v1/recommendations} on the local stack, with the model server behind the endpoint
 * (figures, not assertions: timings on a shared two-core machine are reported, never asserted):
 *
 * <ul>
 *   <li>a catalogue of 40 posts and 400 products in 20 categories, 300 users with 30 interactions each (folded into
 *       features as the stream workers would), the candidate lists, and a model of 200 trees of depth 6 promoted;
 *   <li>the endpoint's latency for a warm user, sequentially and from 8 concurrent clients;
 *   <li>the <b>floor</b>: the same work without the service, one request's reads and model call made directly with
 *       the SDK, round after round as the service must (the user's features and the lists; the recent items' features
 *       and the favourite lists; then every candidate's features, post, catalog entry and like in parallel; then one
 *       {@code InvokeEndpoint} with every candidate's row). The ratio of the two is what the service adds.
 * </ul>
 *
 * Results go to {@code target/benchmarks/recommendations.json} and the test output.
 */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class RecommendationBenchmarkIT {
    private static final int WARM_UP = 100;
    private static final int SEQUENTIAL = 400;
    private static final int CLIENTS = 8;
    private static final int PER_CLIENT = 40;
    /** The throughput runs' warm-up and measured window: longer with {@code -Dglint.bench=full}. */
    private static final boolean FULL = "full".equals(System.getProperty("glint.bench"));

    private static final Duration WARM_UP_WINDOW = Duration.ofSeconds(FULL ? 5 : 1);
    private static final Duration WINDOW = Duration.ofSeconds(FULL ? 20 : 3);
    /**
     * Closed-loop clients of the throughput runs. They saturate the machine by design, which on a shared two-core
     * machine can keep an event loop off the CPU past the tests' blocked-loop budget; so the normal suite runs them
     * with two clients (proving the harness) and {@code -Dglint.bench=full} with eight, for the figures.
     */
    private static final int THROUGHPUT_CLIENTS = FULL ? 8 : 2;

    @Test
    void recommendationLatencyAndItsFloor(Vertx vertx, TestStack stack) throws Exception {
        ModelRegistry registry =
                new S3ModelRegistry(vertx, stack.clients().s3(), stack.names().modelsBucket());
        TestModels.promote(registry, TestModels.train(5, "binary:logistic", 200, 6), RankingFeatures.SCHEMA);
        ModelServer server = TestModels.serve(vertx, registry, Duration.ofSeconds(10));
        String endpoint = "http://127.0.0.1:" + server.port();
        ApiHarness api = new ApiHarness(
                vertx,
                stack,
                Map.of(
                        AwsService.SAGEMAKER_RUNTIME.endpointVariable(),
                        endpoint,
                        RateLimits.LOGINS_PER_MINUTE,
                        "1000"));
        boolean apiClosed = false;
        boolean serverClosed = false;
        try {
            List<String> authors = new ArrayList<>();
            JsonObject reader = world(vertx, stack, api, authors);
            Map<String, Integer> servedBy = new ConcurrentHashMap<>();
            for (int i = 0; i < WARM_UP; i++) {
                recommend(api, reader, servedBy);
            }
            servedBy.clear();
            long[] sequential = new long[SEQUENTIAL];
            long[] serverSide = new long[SEQUENTIAL];
            int items = 0;
            for (int i = 0; i < SEQUENTIAL; i++) {
                long start = System.nanoTime();
                items = recommend(api, reader, servedBy, serverSide, i);
                sequential[i] = System.nanoTime() - start;
            }
            AtomicLongArray concurrent = new AtomicLongArray(CLIENTS * PER_CLIENT);
            List<Future<Void>> clients = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                clients.add(Latencies.closedLoop(
                        api.client(),
                        "/v1/recommendations",
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

            Rates rates = throughput(vertx, api, reader, authors);

            api.close();
            apiClosed = true;
            // The same requests with the item cache off: every candidate read every time, as the floor does.
            long[] uncached = measure(
                    vertx,
                    stack,
                    Map.of(
                            AwsService.SAGEMAKER_RUNTIME.endpointVariable(),
                            endpoint,
                            RecommendationConfig.ITEM_CACHE,
                            "0"),
                    new ConcurrentHashMap<>());

            Floor floor = new Floor(vertx, stack, endpoint, reader.getString("userId"));
            for (int i = 0; i < WARM_UP; i++) {
                floor.once();
            }
            long[] raw = new long[SEQUENTIAL];
            long[] invoke = new long[SEQUENTIAL];
            for (int i = 0; i < SEQUENTIAL; i++) {
                long start = System.nanoTime();
                invoke[i] = floor.once();
                raw[i] = System.nanoTime() - start;
            }
            // The floor's own rate from as many clients: what the stores and the model server allow this machine.
            double floorRate = floor.rate(THROUGHPUT_CLIENTS, WARM_UP_WINDOW, WINDOW);
            String throughput = rates.json(floorRate);

            // The model server goes away: the breaker opens after its first failures and the embedded model ranks.
            server.close().await();
            serverClosed = true;
            Map<String, Integer> fallback = new ConcurrentHashMap<>();
            long[] down =
                    measure(vertx, stack, Map.of(AwsService.SAGEMAKER_RUNTIME.endpointVariable(), endpoint), fallback);

            Arrays.sort(sequential);
            Arrays.sort(serverSide);
            Arrays.sort(uncached);
            Arrays.sort(raw);
            Arrays.sort(invoke);
            Arrays.sort(down);
            String report = "{\"endpoint\": \"GET /v1/recommendations?limit=20\", \"itemsReturned\": " + items
                    + ", \"candidatesScored\": " + floor.candidates()
                    + ", \"servedBy\": " + Json.writeString(servedBy)
                    + ", \"sequential\": " + Latencies.percentiles(sequential)
                    + ", \"sequentialServerSide\": " + Latencies.percentiles(serverSide)
                    + ", \"concurrent" + CLIENTS + "\": " + Latencies.percentiles(loaded)
                    + ", \"sequentialItemCacheOff\": " + Latencies.percentiles(uncached)
                    + ", \"floor\": " + Latencies.percentiles(raw)
                    + ", \"floorInvokeEndpointOnly\": " + Latencies.percentiles(invoke)
                    + ", \"ratioP50\": " + ratio(sequential, raw, 0.5)
                    + ", \"ratioP99\": " + ratio(sequential, raw, 0.99)
                    + ", \"ratioItemCacheOffP50\": " + ratio(uncached, raw, 0.5)
                    + ", \"ratioItemCacheOffP99\": " + ratio(uncached, raw, 0.99)
                    + ", \"modelServerDown\": {\"servedBy\": " + Json.writeString(fallback) + ", \"sequential\": "
                    + Latencies.percentiles(down) + "}}";
            System.out.println("Recommendation latency on the local stack (ms): " + report);
            Path file = Path.of("target", "benchmarks", "recommendations.json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, report + System.lineSeparator());
            System.out.println("Throughput on the local stack: " + throughput);
            Files.writeString(file.resolveSibling("throughput.json"), throughput + System.lineSeparator());
            assertThat(servedBy).containsKey("endpoint");
            assertThat(fallback).containsOnlyKeys("embedded");
        } finally {
            if (!apiClosed) {
                api.close();
            }
            if (!serverClosed) {
                server.close().await();
            }
        }
    }

    /**
     * Deploys an API with these overrides, logs the benchmark's reader in, and times {@link #SEQUENTIAL} requests after
     * {@link #WARM_UP}; counts which path served in {@code servedBy}.
     */
    private static long[] measure(
            Vertx vertx, TestStack stack, Map<String, String> overrides, Map<String, Integer> servedBy) {
        long[] latencies = new long[SEQUENTIAL];
        try (ApiHarness api = new ApiHarness(vertx, stack, overrides)) {
            JsonObject token = api.call(
                            io.vertx.core.http.HttpMethod.POST,
                            "/v1/auth/login",
                            new JsonObject(),
                            new JsonObject().put("username", "bench_reader").put("password", "bench_reader password"))
                    .bodyAsJsonObject();
            for (int i = 0; i < WARM_UP; i++) {
                recommend(api, token, servedBy);
            }
            servedBy.clear();
            for (int i = 0; i < SEQUENTIAL; i++) {
                long start = System.nanoTime();
                recommend(api, token, servedBy);
                latencies[i] = System.nanoTime() - start;
            }
        }
        return latencies;
    }

    /**
     * Requests per second of the recommendations and the reader's feed (after following the ten authors: a page of 20
     * of their 40 posts), each against a bare Vert.x Web JSON endpoint deployed in this process like the API (one
     * verticle), from {@link #THROUGHPUT_CLIENTS} closed-loop clients; the ratios are the share of the framework's ceiling on this
     * machine that each route reaches. {@code -Dglint.bench=full} measures longer.
     */
    private static Rates throughput(Vertx vertx, ApiHarness api, JsonObject reader, List<String> authors) {
        for (String author : authors) {
            var followed = api.call(io.vertx.core.http.HttpMethod.PUT, "/v1/users/" + author + "/follow", reader, null);
            assertThat(followed.statusCode()).as(followed.bodyAsString()).isBetween(200, 299);
        }
        Duration warmUp = WARM_UP_WINDOW;
        Duration window = WINDOW;
        int port = api.port();
        String token = reader.getString("accessToken");
        int bare = Throughput.bareJsonEndpoint(vertx).await();
        Throughput.Result ceiling = Throughput.run(vertx, bare, "/json", null, THROUGHPUT_CLIENTS, warmUp, window);
        Throughput.Result recommendations =
                Throughput.run(vertx, port, "/v1/recommendations", token, THROUGHPUT_CLIENTS, warmUp, window);
        Throughput.Result feed =
                Throughput.run(vertx, port, "/v1/feed?limit=20", token, THROUGHPUT_CLIENTS, warmUp, window);
        assertThat(List.of(ceiling, recommendations, feed))
                .allSatisfy(result ->
                        assertThat(result.failures()).as(result.path()).isZero());
        return new Rates(ceiling, recommendations, feed);
    }

    /** The throughput runs, side by side. */
    private record Rates(Throughput.Result ceiling, Throughput.Result recommendations, Throughput.Result feed) {
        /** With the floor's rate: the recommendations' share of it says how much the service costs under load. */
        String json(double floorPerSecond) {
            return String.format(
                    Locale.ROOT,
                    "{\"bareVertxJson\": %s, \"recommendations\": %s, \"feed\": %s,"
                            + " \"recommendationsOverBare\": %.4f, \"feedOverBare\": %.4f,"
                            + " \"recommendationFloorRequestsPerSecond\": %.0f, \"recommendationsOverFloor\": %.2f}",
                    ceiling.json(),
                    recommendations.json(),
                    feed.json(),
                    recommendations.perSecond() / ceiling.perSecond(),
                    feed.perSecond() / ceiling.perSecond(),
                    floorPerSecond,
                    recommendations.perSecond() / floorPerSecond);
        }
    }

    private static String ratio(long[] service, long[] floor, double quantile) {
        return String.format(
                Locale.ROOT,
                "%.2f",
                (double) Latencies.quantile(service, quantile) / Latencies.quantile(floor, quantile));
    }

    private static int recommend(ApiHarness api, JsonObject reader, Map<String, Integer> servedBy) {
        return recommend(api, reader, servedBy, new long[1], 0);
    }

    /** One request; its server-side time (the Server-Timing header) goes to {@code serverSide[index]}. */
    private static int recommend(
            ApiHarness api, JsonObject reader, Map<String, Integer> servedBy, long[] serverSide, int index) {
        var response = api.call(io.vertx.core.http.HttpMethod.GET, "/v1/recommendations", reader, null);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        String timing = response.getHeader("Server-Timing");
        assertThat(timing).startsWith("recommend;dur=");
        String total = timing.split(",")[0]; // The whole; its phases follow.
        serverSide[index] = (long) (Double.parseDouble(total.substring("recommend;dur=".length())) * 1e6);
        JsonObject body = response.bodyAsJsonObject();
        servedBy.merge(body.getString("servedBy"), 1, Integer::sum);
        return body.getJsonArray("items").size();
    }

    /** The benchmark's world; returns the warm reader. */
    private static JsonObject world(Vertx vertx, TestStack stack, ApiHarness api, List<String> authors) {
        Random random = new Random(11);
        RecommendationWorld world = new RecommendationWorld(vertx, stack, api);
        List<String> items = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            categories.add("Category " + c);
        }
        for (int a = 0; a < 10; a++) {
            JsonObject author = api.signup("bench_author_" + a);
            authors.add(author.getString("userId"));
            for (int p = 0; p < 4; p++) {
                items.add(world.publishedPost(
                        author,
                        "Post " + a + "-" + p,
                        List.of("Label " + random.nextInt(30)),
                        List.of(categories.get(random.nextInt(20)))));
            }
        }
        List<io.glint.domain.catalog.CatalogItem> products = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String id = "bench-product-" + i;
            products.add(
                    RecommendationWorld.product(id, "Product " + i, categories.get(i % 20), true, Optional.empty()));
            items.add(id);
        }
        world.products(products);
        JsonObject reader = api.signup("bench_reader");
        List<String> users = new ArrayList<>();
        for (int u = 0; u < 300; u++) {
            users.add("bench-user-" + u);
        }
        users.add(reader.getString("userId"));
        Instant now = Instant.now();
        EventType[] types = {EventType.VIEW, EventType.VIEW, EventType.VIEW, EventType.LIKE, EventType.PURCHASE};
        for (String user : users) {
            int taste = random.nextInt(20);
            for (int i = 0; i < 30; i++) {
                // Mostly items of the user's favourite category (products i % 20 == taste), the rest anything.
                String item = random.nextInt(10) < 7
                        ? "bench-product-" + (taste + 20 * random.nextInt(20))
                        : items.get(random.nextInt(items.size()));
                world.interact(user, types[random.nextInt(types.length)], item, now.minusSeconds(3600 - i * 60L));
            }
        }
        world.store(now);
        return reader;
    }

    /** The reads and the model call of one recommendation request, made directly. */
    private static final class Floor {
        private final ServingFeatures serving;
        private final BatchReader reader;
        private final TestStack stack;
        private final EndpointScorer scorer;
        private final String userId;
        private final List<String> recent;
        private final List<String> favourites;
        private final List<String> candidates;
        private final List<float[]> rows;

        Floor(Vertx vertx, TestStack stack, String endpoint, String userId) {
            this.stack = stack;
            this.userId = userId;
            this.serving = new ServingFeatures(vertx, stack.clients().dynamoDb(), stack.names());
            this.reader = new BatchReader(vertx, stack.clients().dynamoDb());
            var client = stack.clients()
                    .own(stack.clients()
                            .configure(
                                    software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient
                                            .builder(),
                                    AwsService.SAGEMAKER_RUNTIME)
                            .endpointOverride(java.net.URI.create(endpoint))
                            .build());
            this.scorer = new EndpointScorer(client, "glint-ranking", RankingFeatures.SCHEMA, Duration.ofSeconds(5));
            // The keys the service reads for this user, found once the way it finds them.
            Instant now = Instant.now();
            List<String> general = List.of(CandidateList.POPULAR, CandidateList.TRENDING);
            FeatureReads.Snapshot first =
                    serving.read(userId, List.of(), general, now).await();
            UserFeatures.View user = first.user().orElseThrow();
            this.recent = user.recentItems().stream()
                    .map(UserFeatures.RecentItem::itemId)
                    .distinct()
                    .limit(10)
                    .toList();
            this.favourites = new ArrayList<>();
            strongest(user.categoryAffinity()).forEach(c -> favourites.add(CandidateList.category(c)));
            strongest(user.labelAffinity()).forEach(l -> favourites.add(CandidateList.label(l)));
            FeatureReads.Snapshot second =
                    serving.read(null, recent, favourites, now).await();
            Set<String> found = new LinkedHashSet<>();
            for (ItemFeatures.View item : second.items().values()) {
                found.addAll(item.coEngaged().keySet());
            }
            second.lists().values().forEach(list -> list.entries().forEach(entry -> found.add(entry.itemId())));
            first.lists().values().forEach(list -> list.entries().forEach(entry -> found.add(entry.itemId())));
            this.candidates = found.stream().limit(200).toList(); // GLINT_RECOMMEND_MAX_CANDIDATES' default
            FeatureReads.Snapshot third =
                    serving.read(null, candidates, List.of(), now).await();
            this.rows = new ArrayList<>();
            for (String candidate : candidates) {
                rows.add(RankingFeatures.vector(user, third.items().get(candidate), now));
            }
        }

        int candidates() {
            return candidates.size();
        }

        /** Requests per second of {@link #once} from {@code clients} threads, counted over the window after warm-up. */
        double rate(int clients, Duration warmUp, Duration window) throws InterruptedException {
            long from = System.nanoTime() + warmUp.toNanos();
            long to = from + window.toNanos();
            java.util.concurrent.atomic.AtomicLong completed = new java.util.concurrent.atomic.AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Thread client = new Thread(
                        () -> {
                            for (long sent = System.nanoTime(); sent < to; sent = System.nanoTime()) {
                                once();
                                if (sent >= from && System.nanoTime() <= to) {
                                    completed.incrementAndGet();
                                }
                            }
                        },
                        "floor-client-" + i);
                client.start();
                threads.add(client);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            return completed.get() / (window.toNanos() / 1e9);
        }

        /** One request's reads and model call; returns how long the model call took, in nanoseconds. */
        long once() {
            Instant now = Instant.now();
            serving.read(userId, List.of(), List.of(CandidateList.POPULAR, CandidateList.TRENDING), now)
                    .await();
            serving.read(null, recent, favourites, now).await();
            Future.all(
                            serving.read(null, candidates, List.of(), now),
                            read(FeatureStoreTables.POSTS.tableName(stack.names()), "postId", null),
                            read(FeatureStoreTables.CATALOG.tableName(stack.names()), "itemId", null),
                            read(FeatureStoreTables.LIKES.tableName(stack.names()), "postId", userId))
                    .await();
            long invoked = System.nanoTime();
            scorer.score(rows).await();
            return System.nanoTime() - invoked;
        }

        private Future<List<Map<String, AttributeValue>>> read(String table, String key, String user) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String candidate : candidates) {
                keys.add(
                        user == null
                                ? Map.of(key, AttributeValue.fromS(candidate))
                                : Map.of(key, AttributeValue.fromS(candidate), "userId", AttributeValue.fromS(user)));
            }
            return reader.read(table, keys, false);
        }

        private static List<String> strongest(Map<String, Double> affinities) {
            return affinities.entrySet().stream()
                    .filter(entry -> entry.getValue() > 0)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(3)
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }
}

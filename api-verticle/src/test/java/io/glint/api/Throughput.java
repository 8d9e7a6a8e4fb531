package io.glint.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop throughput: {@code connections} clients, each sending its next GET when the previous one answered, for a
 * warm-up and then a measured window; the answers completed in the window give the rate. Run side by side against the
 * API and against {@link #bareJsonEndpoint a bare Vert.x JSON endpoint} in the same process, the ratio says how much of
 * the framework's ceiling on this machine a route reaches.
 */
public final class Throughput {
    private Throughput() {}

    /** What one run measured; {@code latencies} are the window's, in nanoseconds. */
    public record Result(String path, int connections, double seconds, long requests, int failures, long[] latencies) {
        public double perSecond() {
            return requests / seconds;
        }

        public String json() {
            return String.format(
                    Locale.ROOT,
                    "{\"path\": \"%s\", \"connections\": %d, \"seconds\": %.1f, \"requestsPerSecond\": %.0f,"
                            + " \"failures\": %d, \"latency\": %s}",
                    path,
                    connections,
                    seconds,
                    perSecond(),
                    failures,
                    Latencies.percentiles(latencies));
        }
    }

    /**
     * A Vert.x Web router with one route answering a small JSON document (TechEmpower's JSON test), deployed like the
     * API: one verticle, so one event loop. Returns its port.
     */
    public static Future<Integer> bareJsonEndpoint(Vertx vertx) {
        Promise<Integer> port = Promise.promise();
        return vertx.deployVerticle(new VerticleBase() {
                    @Override
                    public Future<?> start() {
                        Router router = Router.router(vertx);
                        router.get("/json").handler(ctx -> ctx.response()
                                .putHeader("Content-Type", "application/json")
                                .end(new JsonObject()
                                        .put("message", "Hello, World!")
                                        .toBuffer()));
                        return vertx.createHttpServer()
                                .requestHandler(router)
                                .listen(0, "127.0.0.1")
                                .map(HttpServer::actualPort)
                                .onSuccess(port::complete);
                    }
                })
                .compose(deployed -> port.future());
    }

    /**
     * Runs {@code connections} closed loops of GET {@code path} on {@code port} with the bearer token (none when
     * null); answers other than 200, in the warm-up too, are counted as failures.
     */
    public static Result run(
            Vertx vertx, int port, String path, String accessToken, int connections, Duration warmUp, Duration window) {
        WebClient client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(port)
                        .setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections));
        try {
            long start = System.nanoTime();
            long windowStart = start + warmUp.toNanos();
            long windowEnd = windowStart + window.toNanos();
            List<List<Long>> latencies = new ArrayList<>();
            AtomicInteger failures = new AtomicInteger();
            List<Future<Void>> loops = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                List<Long> mine = java.util.Collections.synchronizedList(new ArrayList<>());
                latencies.add(mine);
                Promise<Void> done = Promise.promise();
                loop(client, path, accessToken, windowStart, windowEnd, mine, failures, done);
                loops.add(done.future());
            }
            Future.all(loops).await();
            long[] all = latencies.stream()
                    .flatMap(List::stream)
                    .mapToLong(Long::longValue)
                    .toArray();
            return new Result(path, connections, window.toNanos() / 1e9, all.length, failures.get(), all);
        } finally {
            client.close();
        }
    }

    /**
     * One client: sends, and on the answer sends again, until the window has ended; then completes {@code done}. Each
     * round starts from the answer's callback rather than being composed onto the previous round's future, so that
     * thousands of rounds do not become a chain of futures completing one another (a stack overflow) at the end.
     */
    private static void loop(
            WebClient client,
            String path,
            String accessToken,
            long windowStart,
            long windowEnd,
            List<Long> latencies,
            AtomicInteger failures,
            Promise<Void> done) {
        long sent = System.nanoTime();
        if (sent >= windowEnd) {
            done.complete();
            return;
        }
        HttpRequest<?> request = client.get(path);
        if (accessToken != null) {
            request.putHeader("Authorization", "Bearer " + accessToken);
        }
        request.send().onComplete(answer -> {
            long answered = System.nanoTime();
            boolean ok = answer.succeeded() && answer.result().statusCode() == 200;
            if (!ok) {
                failures.incrementAndGet();
            } else if (sent >= windowStart && answered <= windowEnd) {
                // Counted when the whole exchange falls in the window: a rate over exactly the window's length.
                latencies.add(answered - sent);
            }
            loop(client, path, accessToken, windowStart, windowEnd, latencies, failures, done);
        });
    }
}

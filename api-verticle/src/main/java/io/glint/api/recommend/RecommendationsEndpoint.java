package io.glint.api.recommend;

import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.Paging;
import io.glint.api.http.Responses;
import io.glint.api.http.ServerTiming;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/recommendations}: items for the caller, best first, each with a score and a reason; the body and
 * the {@code X-Experiment} / {@code X-Model-Version} headers say which experiment arm and model version ranked them
 * and which path served ({@code endpoint}, {@code embedded}, {@code popularity} or {@code chronological}).
 */
public final class RecommendationsEndpoint implements Endpoint {
    public static final String EXPERIMENT_HEADER = "X-Experiment";
    public static final String MODEL_VERSION_HEADER = "X-Model-Version";

    public static final String DURATION = "glint.recommendations.duration";

    private final RecommendationService recommendations;
    private final MeterRegistry registry;

    public RecommendationsEndpoint(RecommendationService recommendations, MeterRegistry registry) {
        this.recommendations = Objects.requireNonNull(recommendations, "recommendations");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("getRecommendations").addHandler(this::recommend);
    }

    private void recommend(RoutingContext ctx) {
        ServerTiming timing = ServerTiming.of(ctx);
        timing.mark("route"); // Reading the body, checking the token, validating the request.
        recommendations
                .recommend(Caller.userId(ctx), Paging.limit(ctx), timing)
                .onSuccess(found -> {
                    // Server-side time from the request reaching the router, tagged by the path that ranked: also in
                    // the response's Server-Timing header with its phases, which browsers' developer tools show.
                    timing.mark("finish");
                    long nanos = timing.elapsedNanos();
                    Timer.builder(DURATION)
                            .description("Recommendation requests, from the router to the response")
                            .tag("served_by", found.servedBy())
                            .publishPercentileHistogram()
                            .register(registry)
                            .record(nanos, TimeUnit.NANOSECONDS);
                    ctx.response()
                            .putHeader(EXPERIMENT_HEADER, found.experiment())
                            .putHeader(MODEL_VERSION_HEADER, found.modelVersion())
                            .putHeader("Server-Timing", timing.header("recommend", nanos));
                    Responses.privateJson(ctx, 200, found);
                })
                .onFailure(ctx::fail);
    }
}

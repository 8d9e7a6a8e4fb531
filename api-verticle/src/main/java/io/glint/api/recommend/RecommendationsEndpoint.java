package io.glint.api.recommend;

import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.Paging;
import io.glint.api.http.Responses;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Objects;

/**
 * {@code GET /v1/recommendations}: items for the caller, best first, each with a score and a reason; the body and
 * the {@code X-Experiment} / {@code X-Model-Version} headers say which experiment arm and model version ranked them
 * and which path served ({@code endpoint}, {@code embedded}, {@code popularity} or {@code chronological}).
 */
public final class RecommendationsEndpoint implements Endpoint {
    public static final String EXPERIMENT_HEADER = "X-Experiment";
    public static final String MODEL_VERSION_HEADER = "X-Model-Version";

    private final RecommendationService recommendations;

    public RecommendationsEndpoint(RecommendationService recommendations) {
        this.recommendations = Objects.requireNonNull(recommendations, "recommendations");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("getRecommendations").addHandler(this::recommend);
    }

    private void recommend(RoutingContext ctx) {
        recommendations
                .recommend(Caller.userId(ctx), Paging.limit(ctx))
                .onSuccess(found -> {
                    ctx.response()
                            .putHeader(EXPERIMENT_HEADER, found.experiment())
                            .putHeader(MODEL_VERSION_HEADER, found.modelVersion());
                    Responses.privateJson(ctx, 200, found);
                })
                .onFailure(ctx::fail);
    }
}

package io.glint.api.recommend;

import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.Paging;
import io.glint.api.http.Responses;
import io.glint.core.error.InvalidException;
import io.glint.domain.candidates.CandidateList;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Objects;

/**
 * The explore page: {@code GET /v1/explore}, the labels and categories there is something popular in, and {@code GET
 * /v1/explore/items?label=…} (or {@code category=…}), what is popular there, ranked for the caller.
 */
public final class ExploreEndpoint implements Endpoint {
    private final RecommendationService recommendations;

    public ExploreEndpoint(RecommendationService recommendations) {
        this.recommendations = Objects.requireNonNull(recommendations, "recommendations");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("getExploreDirectory").addHandler(this::directory);
        routes.getRoute("getExploreItems").addHandler(this::items);
    }

    private void directory(RoutingContext ctx) {
        recommendations
                .directory()
                .onSuccess(directory -> Responses.privateJson(ctx, 200, directory))
                .onFailure(ctx::fail);
    }

    private void items(RoutingContext ctx) {
        String label = ctx.queryParams().get("label");
        String category = ctx.queryParams().get("category");
        if ((label == null) == (category == null)) {
            ctx.fail(new InvalidException("give exactly one of the query parameters label and category"));
            return;
        }
        String listName = label != null ? CandidateList.label(label) : CandidateList.category(category);
        if (listName.endsWith(":")) {
            ctx.fail(new InvalidException("the " + (label != null ? "label" : "category")
                    + " has no letters or digits: '" + (label != null ? label : category) + "'"));
            return;
        }
        recommendations
                .explore(Caller.userId(ctx), listName, Paging.limit(ctx))
                .onSuccess(found -> {
                    ctx.response()
                            .putHeader(RecommendationsEndpoint.EXPERIMENT_HEADER, found.experiment())
                            .putHeader(RecommendationsEndpoint.MODEL_VERSION_HEADER, found.modelVersion());
                    Responses.privateJson(ctx, 200, found);
                })
                .onFailure(ctx::fail);
    }
}

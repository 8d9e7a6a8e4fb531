package io.glint.api.admin;

import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.Responses;
import io.glint.core.error.ForbiddenException;
import io.glint.core.error.NotFoundException;
import io.glint.domain.features.FeatureRepository;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's view of the feature store: {@code GET /v1/admin/features/users/{userId}} and {@code
 * .../items/{itemId}} answer with the feature document as the ranking would read it now. Only callers whose token
 * carries the {@value AdminAccount#ROLE} role get past {@link #requireAdmin}; everyone else with a valid token gets 403
 * (the bearer-token handler has already answered 401 without one).
 */
public final class AdminEndpoint implements Endpoint {
    private final FeatureRepository features;
    private final Clock clock;

    public AdminEndpoint(FeatureRepository features, Clock clock) {
        this.features = Objects.requireNonNull(features, "features");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("getUserFeatures")
                .addHandler(AdminEndpoint::requireAdmin)
                .addHandler(this::userFeatures);
        routes.getRoute("getItemFeatures")
                .addHandler(AdminEndpoint::requireAdmin)
                .addHandler(this::itemFeatures);
    }

    /** Lets the request on only when the caller's verified token has the admin role; fails it with 403 otherwise. */
    static void requireAdmin(RoutingContext ctx) {
        if (Caller.hasRole(ctx, AdminAccount.ROLE)) {
            ctx.next();
        } else {
            ctx.fail(new ForbiddenException("this needs the " + AdminAccount.ROLE + " role"));
        }
    }

    private void userFeatures(RoutingContext ctx) {
        String userId = ctx.pathParam("userId");
        features.userView(userId, clock.instant())
                .compose(view -> found(view, "no features are stored for user " + userId))
                .onSuccess(view -> Responses.privateJson(ctx, 200, view))
                .onFailure(ctx::fail);
    }

    private void itemFeatures(RoutingContext ctx) {
        String itemId = ctx.pathParam("itemId");
        features.itemView(itemId, clock.instant())
                .compose(view -> found(view, "no features are stored for item " + itemId))
                .onSuccess(view -> Responses.privateJson(ctx, 200, view))
                .onFailure(ctx::fail);
    }

    private static <T> Future<T> found(Optional<T> view, String otherwise) {
        return view.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(new NotFoundException(otherwise)));
    }
}

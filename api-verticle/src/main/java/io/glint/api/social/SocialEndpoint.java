package io.glint.api.social;

import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.Paging;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;
import java.util.Objects;

/**
 * The social graph over {@link SocialService}: follow and unfollow ({@code PUT} and {@code DELETE} of the edge, 204
 * either way) and the paged lists of followers and followees with their names.
 */
public final class SocialEndpoint implements Endpoint {
    private final SocialService social;
    private final RateLimits limits;

    record UserSummary(String userId, String username, String displayName) {}

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record UserPage(List<UserSummary> items, String nextCursor) {}

    /** Loads one page of a list. */
    @FunctionalInterface
    private interface PageLoader {
        Future<SocialService.UserPage> load(String userId, int limit, String cursor);
    }

    public SocialEndpoint(SocialService social, RateLimits limits) {
        this.social = Objects.requireNonNull(social, "social");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("follow").addHandler(limits.perUser()).addHandler(ctx -> noContent(ctx, social::follow));
        routes.getRoute("unfollow").addHandler(limits.perUser()).addHandler(ctx -> noContent(ctx, social::unfollow));
        routes.getRoute("listFollowers").addHandler(ctx -> list(ctx, social::followers));
        routes.getRoute("listFollowing").addHandler(ctx -> list(ctx, social::following));
    }

    private void noContent(RoutingContext ctx, java.util.function.BiFunction<String, String, Future<Void>> change) {
        change.apply(Caller.userId(ctx), ctx.pathParam("userId"))
                .onSuccess(done -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx, PageLoader loader) {
        Caller.userId(ctx);
        loader.load(ctx.pathParam("userId"), Paging.limit(ctx), Paging.cursor(ctx))
                .map(page -> new UserPage(
                        page.users().stream()
                                .map(user -> new UserSummary(user.userId(), user.username(), user.displayName()))
                                .toList(),
                        page.nextCursor().orElse(null)))
                .onSuccess(page -> Responses.json(ctx, 200, page))
                .onFailure(ctx::fail);
    }
}

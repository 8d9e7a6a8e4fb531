package io.glint.api.likes;

import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.RateLimits;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Objects;

/** {@code PUT} and {@code DELETE /v1/posts/{postId}/like} over {@link LikeService}: 204 either way. */
public final class LikesEndpoint implements Endpoint {
    private final LikeService likes;
    private final RateLimits limits;

    public LikesEndpoint(LikeService likes, RateLimits limits) {
        this.likes = Objects.requireNonNull(likes, "likes");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("likePost").addHandler(limits.perUser()).addHandler(ctx -> set(ctx, true));
        routes.getRoute("unlikePost").addHandler(limits.perUser()).addHandler(ctx -> set(ctx, false));
    }

    private void set(RoutingContext ctx, boolean like) {
        likes.set(ctx.pathParam("postId"), Caller.userId(ctx), like)
                .onSuccess(done -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }
}

package io.glint.api.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.ImageUrls;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.glint.core.json.Json;
import io.glint.domain.users.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.util.Objects;

/**
 * The caller's own account, {@code GET /v1/me} and {@code PATCH /v1/me} (display name, bio, avatar from an upload), and
 * anyone's public profile, {@code GET /v1/users/{userId}}, with whether the caller follows them: {@link
 * ProfileService} over HTTP.
 */
public final class ProfileEndpoint implements Endpoint {
    private final ProfileService profiles;
    private final ImageUrls imageUrls;
    private final RateLimits limits;

    record ProfileUpdate(String displayName, String bio, String avatarUploadId) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Me(
            String userId,
            String username,
            String displayName,
            String bio,
            String avatarUrl,
            Instant createdAt,
            long followerCount,
            long followingCount) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Profile(
            String userId,
            String username,
            String displayName,
            String bio,
            String avatarUrl,
            Instant createdAt,
            long followerCount,
            long followingCount,
            boolean followedByMe) {}

    public ProfileEndpoint(ProfileService profiles, ImageUrls imageUrls, RateLimits limits) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.imageUrls = Objects.requireNonNull(imageUrls, "imageUrls");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("getMe").addHandler(this::get);
        routes.getRoute("updateMe").addHandler(limits.perUser()).addHandler(this::update);
        routes.getRoute("getProfile").addHandler(this::profile);
    }

    private void profile(RoutingContext ctx) {
        profiles.profile(Caller.userId(ctx), ctx.pathParam("userId"))
                .onSuccess(found -> {
                    User user = found.user();
                    Responses.privateJson(
                            ctx,
                            200,
                            new Profile(
                                    user.userId(),
                                    user.username(),
                                    user.displayName(),
                                    user.bio(),
                                    imageUrls.get(user.avatarKey()),
                                    user.createdAt(),
                                    user.followerCount(),
                                    user.followingCount(),
                                    found.followedByCaller()));
                })
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        profiles.me(Caller.userId(ctx))
                .onSuccess(user -> Responses.privateJson(ctx, 200, me(user)))
                .onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx) {
        ProfileUpdate update = Json.read(ctx.body().buffer().getBytes(), ProfileUpdate.class);
        profiles.update(Caller.userId(ctx), update.displayName(), update.bio(), update.avatarUploadId())
                .onSuccess(user -> Responses.privateJson(ctx, 200, me(user)))
                .onFailure(ctx::fail);
    }

    private Me me(User user) {
        String avatarUrl = imageUrls.get(user.avatarKey());
        return new Me(
                user.userId(),
                user.username(),
                user.displayName(),
                user.bio(),
                avatarUrl,
                user.createdAt(),
                user.followerCount(),
                user.followingCount());
    }
}

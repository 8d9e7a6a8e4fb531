package io.glint.api.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.ImageUrls;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.glint.core.error.NotFoundException;
import io.glint.core.json.Json;
import io.glint.featurestore.social.FollowRepository;
import io.glint.featurestore.uploads.UploadRepository;
import io.glint.featurestore.users.User;
import io.glint.featurestore.users.UserRepository;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The caller's own account, {@code GET /v1/me} and {@code PATCH /v1/me} (display name, bio, avatar from an upload), and
 * anyone's public profile, {@code GET /v1/users/{userId}}, with whether the caller follows them.
 */
public final class ProfileEndpoint implements Endpoint {
    private final UserRepository users;
    private final FollowRepository follows;
    private final UploadRepository uploads;
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

    public ProfileEndpoint(
            UserRepository users,
            FollowRepository follows,
            UploadRepository uploads,
            ImageUrls imageUrls,
            RateLimits limits) {
        this.users = Objects.requireNonNull(users, "users");
        this.follows = Objects.requireNonNull(follows, "follows");
        this.uploads = Objects.requireNonNull(uploads, "uploads");
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
        String caller = Caller.userId(ctx);
        String userId = ctx.pathParam("userId");
        Future<User> user = users.findById(userId)
                .compose(found -> found.isPresent()
                        ? Future.succeededFuture(found.get())
                        : Future.failedFuture(new NotFoundException("no user " + userId)));
        Future<Boolean> followed = caller.equals(userId)
                ? Future.succeededFuture(false)
                : follows.followingAmong(caller, List.of(userId)).map(among -> among.contains(userId));
        Future.all(user, followed)
                .onSuccess(both -> {
                    User found = user.result();
                    Responses.privateJson(
                            ctx,
                            200,
                            new Profile(
                                    found.userId(),
                                    found.username(),
                                    found.displayName(),
                                    found.bio(),
                                    imageUrls.get(found.avatarKey()),
                                    found.createdAt(),
                                    found.followerCount(),
                                    found.followingCount(),
                                    followed.result()));
                })
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        users.findById(Caller.userId(ctx))
                .compose(user -> user.isPresent()
                        ? Future.succeededFuture(user.get())
                        : Future.failedFuture(new NotFoundException("the account no longer exists")))
                .onSuccess(user -> Responses.privateJson(ctx, 200, me(user)))
                .onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx) {
        String userId = Caller.userId(ctx);
        ProfileUpdate update = Json.read(ctx.body().buffer().getBytes(), ProfileUpdate.class);
        Future<String> avatarKey = update.avatarUploadId() == null
                ? Future.succeededFuture(null)
                : uploads.find(update.avatarUploadId())
                        .compose(found ->
                                found.isPresent() && found.get().userId().equals(userId)
                                        ? Future.succeededFuture(found.get().objectKey())
                                        : Future.failedFuture(new NotFoundException(
                                                "no upload " + update.avatarUploadId() + " of yours")));
        avatarKey
                .compose(key -> users.updateProfile(userId, update.displayName(), update.bio(), key))
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

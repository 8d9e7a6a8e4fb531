package io.glint.api.profile;

import io.glint.core.error.NotFoundException;
import io.glint.domain.social.FollowRepository;
import io.glint.domain.uploads.UploadRepository;
import io.glint.domain.users.User;
import io.glint.domain.users.UserRepository;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;

/**
 * Accounts as people see them: the caller's own (read and change display name, bio and avatar), and anyone's public
 * profile with whether the caller follows them. An avatar is one of the caller's own uploads.
 */
public final class ProfileService {
    private final UserRepository users;
    private final FollowRepository follows;
    private final UploadRepository uploads;

    /** Someone's account as the caller sees it. */
    public record Profile(User user, boolean followedByCaller) {}

    public ProfileService(UserRepository users, FollowRepository follows, UploadRepository uploads) {
        this.users = Objects.requireNonNull(users, "users");
        this.follows = Objects.requireNonNull(follows, "follows");
        this.uploads = Objects.requireNonNull(uploads, "uploads");
    }

    /**
     * The caller's own account.
     *
     * @return a future failed with {@link NotFoundException} when the account was deleted after the token was issued
     */
    public Future<User> me(String userId) {
        return users.findById(userId)
                .compose(user -> user.isPresent()
                        ? Future.succeededFuture(user.get())
                        : Future.failedFuture(new NotFoundException("the account no longer exists")));
    }

    /**
     * Changes what is given of the caller's profile (null leaves a field as it is).
     *
     * @return the account as changed; a future failed with {@link NotFoundException} when the avatar upload is not
     *     one of the caller's
     */
    public Future<User> update(String userId, String displayName, String bio, String avatarUploadId) {
        Future<String> avatarKey = avatarUploadId == null
                ? Future.succeededFuture(null)
                : uploads.find(avatarUploadId)
                        .compose(found ->
                                found.isPresent() && found.get().userId().equals(userId)
                                        ? Future.succeededFuture(found.get().objectKey())
                                        : Future.failedFuture(
                                                new NotFoundException("no upload " + avatarUploadId + " of yours")));
        return avatarKey.compose(key -> users.updateProfile(userId, displayName, bio, key));
    }

    /**
     * Anyone's profile, and whether the caller follows them (never themselves).
     *
     * @return a future failed with {@link NotFoundException} when there is no such account
     */
    public Future<Profile> profile(String caller, String userId) {
        Future<User> user = users.findById(userId)
                .compose(found -> found.isPresent()
                        ? Future.succeededFuture(found.get())
                        : Future.failedFuture(new NotFoundException("no user " + userId)));
        Future<Boolean> followed = caller.equals(userId)
                ? Future.succeededFuture(false)
                : follows.followingAmong(caller, List.of(userId)).map(among -> among.contains(userId));
        return Future.all(user, followed).map(both -> new Profile(user.result(), followed.result()));
    }
}

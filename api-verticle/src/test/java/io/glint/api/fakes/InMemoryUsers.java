package io.glint.api.fakes;

import io.glint.core.error.ConflictException;
import io.glint.core.error.NotFoundException;
import io.glint.domain.users.User;
import io.glint.domain.users.UserRepository;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Accounts in a map; usernames unique, as the DynamoDB repository keeps them. */
public final class InMemoryUsers implements UserRepository {
    public final Map<String, User> users = new ConcurrentHashMap<>();

    /** Stores a new account named {@code username} whose id is {@code userId} (a test's set-up). */
    public User add(String userId, String username) {
        User user = User.newAccount(userId, username, username, "no hash", Instant.EPOCH);
        users.put(userId, user);
        return user;
    }

    @Override
    public synchronized Future<User> create(User user) {
        if (users.values().stream().anyMatch(other -> other.username().equals(user.username()))) {
            return Future.failedFuture(new ConflictException("the username is taken"));
        }
        users.put(user.userId(), user);
        return Future.succeededFuture(user);
    }

    @Override
    public Future<Optional<User>> findByUsername(String username) {
        return Future.succeededFuture(users.values().stream()
                .filter(user -> user.username().equals(username))
                .findFirst());
    }

    @Override
    public Future<Optional<User>> findById(String userId) {
        return Future.succeededFuture(Optional.ofNullable(users.get(userId)));
    }

    @Override
    public Future<User> updateProfile(String userId, String displayName, String bio, String avatarKey) {
        User user = users.get(userId);
        if (user == null) {
            return Future.failedFuture(new NotFoundException("no user " + userId));
        }
        User changed = new User(
                userId,
                user.username(),
                displayName == null ? user.displayName() : displayName,
                bio == null ? user.bio() : bio,
                user.passwordHash(),
                user.createdAt(),
                user.followerCount(),
                user.followingCount(),
                avatarKey == null ? user.avatarKey() : avatarKey,
                user.roles());
        users.put(userId, changed);
        return Future.succeededFuture(changed);
    }

    @Override
    public Future<User> setPasswordHash(String userId, String passwordHash) {
        User user = users.get(userId);
        User changed = new User(
                userId,
                user.username(),
                user.displayName(),
                user.bio(),
                passwordHash,
                user.createdAt(),
                user.followerCount(),
                user.followingCount(),
                user.avatarKey(),
                user.roles());
        users.put(userId, changed);
        return Future.succeededFuture(changed);
    }

    @Override
    public Future<User> grantRoles(String userId, Set<String> roles) {
        User changed = users.get(userId).withRoles(roles);
        users.put(userId, changed);
        return Future.succeededFuture(changed);
    }

    @Override
    public Future<List<User>> findAll(List<String> userIds) {
        return Future.succeededFuture(
                userIds.stream().map(users::get).filter(Objects::nonNull).toList());
    }
}

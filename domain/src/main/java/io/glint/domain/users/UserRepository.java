package io.glint.domain.users;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Accounts. Every method completes on the caller's Vert.x context. */
public interface UserRepository {

    /**
     * Stores a new account and claims its username, atomically.
     *
     * @return a future failed with {@link io.glint.core.error.ConflictException} when the username is taken
     */
    Future<User> create(User user);

    /** The account with this username (lower case), if any. */
    Future<Optional<User>> findByUsername(String username);

    /** The account with this id, if any. */
    Future<Optional<User>> findById(String userId);

    /**
     * Changes the given profile fields (null leaves a field as it is) and returns the account as it is now.
     *
     * @return a future failed with {@link io.glint.core.error.NotFoundException} when the account does not exist
     */
    Future<User> updateProfile(String userId, String displayName, String bio, String avatarKey);

    /**
     * Replaces the account's password hash (an operator's reset, such as the seeded admin account's); the caller hashes.
     * Refresh tokens already issued stay valid until used or expired.
     *
     * @return the account as it is now; a future failed with {@link io.glint.core.error.NotFoundException} when the
     *     account does not exist
     */
    Future<User> setPasswordHash(String userId, String passwordHash);

    /**
     * Adds {@code roles} to the account's roles (a set: granting a held role changes nothing, and concurrent grants all
     * stay). Server-side only: no API request reaches it. Tokens issued before carry the old roles until they expire;
     * the next login or refresh carries the new ones.
     *
     * @return the account as it is now; a future failed with {@link io.glint.core.error.NotFoundException} when the
     *     account does not exist, or with {@link IllegalArgumentException} when {@code roles} is empty
     */
    Future<User> grantRoles(String userId, Set<String> roles);

    /** The accounts of these ids that exist, in no particular order (one round of batched reads). */
    Future<List<User>> findAll(List<String> userIds);
}

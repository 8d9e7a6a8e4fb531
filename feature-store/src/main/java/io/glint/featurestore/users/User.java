package io.glint.featurestore.users;

import java.time.Instant;
import java.util.Objects;

/**
 * An account as stored. The password hash never leaves the server: API responses are built from the other fields.
 *
 * @param userId server-generated, stable
 * @param username unique, lower case
 * @param displayName shown to others
 * @param bio a short text about the user
 * @param passwordHash the encoded salted hash ({@code PasswordHasher}'s format)
 * @param createdAt when the account was created
 * @param followerCount how many follow this user (kept by the follow transaction)
 * @param followingCount how many this user follows
 * @param avatarKey the avatar's key in the uploads bucket, or null
 */
public record User(
        String userId,
        String username,
        String displayName,
        String bio,
        String passwordHash,
        Instant createdAt,
        long followerCount,
        long followingCount,
        String avatarKey) {
    public User {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(bio, "bio");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A new account: no followers, following nobody. */
    public static User newAccount(
            String userId, String username, String displayName, String passwordHash, Instant createdAt) {
        return new User(userId, username, displayName, "", passwordHash, createdAt, 0, 0, null);
    }

    @Override
    public String toString() {
        return "User[" + userId + ", " + username + "]";
    }
}

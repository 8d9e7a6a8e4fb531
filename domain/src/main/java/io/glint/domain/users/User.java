package io.glint.domain.users;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

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
 * @param roles what the account may do beyond its own data (e.g. {@code admin}); empty for every signed-up account.
 *     Granted only by server-side code (the seeded admin account), never through the API. Kept sorted, so tokens list
 *     them in a stable order
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
        String avatarKey,
        Set<String> roles) {
    public User {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(bio, "bio");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
        roles = roles == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(new TreeSet<>(roles));
        if (roles.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("a role is a non-blank name");
        }
    }

    /** A new account: no followers, following nobody, no roles. */
    public static User newAccount(
            String userId, String username, String displayName, String passwordHash, Instant createdAt) {
        return new User(userId, username, displayName, "", passwordHash, createdAt, 0, 0, null, Set.of());
    }

    /** The same account with these roles instead of its own. */
    public User withRoles(Set<String> newRoles) {
        return new User(
                userId,
                username,
                displayName,
                bio,
                passwordHash,
                createdAt,
                followerCount,
                followingCount,
                avatarKey,
                newRoles);
    }

    /** Whether the account holds {@code role}. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return "User[" + userId + ", " + username + "]";
    }
}

package io.glint.domain.users;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;

/**
 * Refresh tokens, by the SHA-256 of the token. A token is used once: {@link #consume} removes it atomically, so a
 * replayed (stolen) token fails, and logging out revokes it the same way.
 */
public interface RefreshTokenRepository {

    /** A stored refresh token: whose it is and until when it is valid. */
    record RefreshToken(String tokenHash, String userId, Instant expiresAt) {}

    Future<Void> save(RefreshToken token);

    /** Removes the token and returns what it was, if it existed; concurrent consumers get it at most once. */
    Future<Optional<RefreshToken>> consume(String tokenHash);
}

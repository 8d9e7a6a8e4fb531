package io.glint.domain.users;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;

/**
 * Refresh tokens, by the SHA-256 of the token, in families: every token issued by refreshing one of a login's tokens
 * belongs to that login's family. A token is used once: {@link #consume} marks it used atomically, and keeps it until
 * it expires, so that presenting it again is seen as what it is, a reuse: a stolen token, or a stolen successor
 * (RFC 9700, section 4.14.2). The caller then revokes the whole family.
 */
public interface RefreshTokenRepository {

    /** A stored refresh token: whose it is, the login it belongs to, when it was issued and until when it is valid. */
    record RefreshToken(String tokenHash, String userId, String familyId, Instant issuedAt, Instant expiresAt) {}

    /** What presenting a token found. */
    sealed interface Consumed {}

    /** The token was valid and unused, and is now used. */
    record Fresh(RefreshToken token) implements Consumed {}

    /** The token had been used before: its family is compromised. */
    record Reused(RefreshToken token) implements Consumed {}

    /** No such token (never issued, or expired and removed). */
    record Unknown() implements Consumed {}

    Future<Void> save(RefreshToken token);

    /**
     * Marks the token used, unless it was already; concurrent consumers of one token see {@link Fresh} at most once.
     *
     * @return what the token was
     */
    Future<Consumed> consume(String tokenHash, Instant now);

    /** Revokes every token of the family, issued or still to be issued, until {@code until}. */
    Future<Void> revokeFamily(String familyId, Instant until);

    /** Whether the family was revoked. */
    Future<Boolean> isRevoked(String familyId);

    /**
     * Revokes every token of the user issued before {@code before} (every login of the account), remembered until
     * {@code until} (when the last of them would have expired).
     */
    Future<Void> revokeUser(String userId, Instant before, Instant until);

    /** Before when the user's tokens were all revoked, if they ever were. */
    Future<Optional<Instant>> revokedBefore(String userId);
}

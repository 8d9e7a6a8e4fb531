package io.glint.api.fakes;

import io.glint.domain.users.RefreshTokenRepository;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Refresh tokens by hash, marked used once consumed, and revoked families; as the DynamoDB repository keeps them. */
public final class InMemoryRefreshTokens implements RefreshTokenRepository {
    public final Map<String, RefreshToken> tokens = new ConcurrentHashMap<>();
    public final Set<String> used = ConcurrentHashMap.newKeySet();
    public final Set<String> revokedFamilies = ConcurrentHashMap.newKeySet();
    public final Map<String, Instant> revokedBefore = new ConcurrentHashMap<>();

    @Override
    public Future<Void> save(RefreshToken token) {
        tokens.put(token.tokenHash(), token);
        return Future.succeededFuture();
    }

    @Override
    public synchronized Future<Consumed> consume(String tokenHash, Instant now) {
        RefreshToken token = tokens.get(tokenHash);
        if (token == null) {
            return Future.succeededFuture(new Unknown());
        }
        return Future.succeededFuture(used.add(tokenHash) ? new Fresh(token) : new Reused(token));
    }

    @Override
    public Future<Void> revokeFamily(String familyId, Instant until) {
        revokedFamilies.add(familyId);
        return Future.succeededFuture();
    }

    @Override
    public Future<Boolean> isRevoked(String familyId) {
        return Future.succeededFuture(revokedFamilies.contains(familyId));
    }

    @Override
    public Future<Void> revokeUser(String userId, Instant before, Instant until) {
        revokedBefore.put(userId, before);
        return Future.succeededFuture();
    }

    @Override
    public Future<Optional<Instant>> revokedBefore(String userId) {
        return Future.succeededFuture(Optional.ofNullable(revokedBefore.get(userId)));
    }
}

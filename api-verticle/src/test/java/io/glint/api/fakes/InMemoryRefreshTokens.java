package io.glint.api.fakes;

import io.glint.domain.users.RefreshTokenRepository;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Refresh tokens by hash; consuming one removes it, as the DynamoDB repository's conditional delete does. */
public final class InMemoryRefreshTokens implements RefreshTokenRepository {
    public final Map<String, RefreshToken> tokens = new ConcurrentHashMap<>();

    @Override
    public Future<Void> save(RefreshToken token) {
        tokens.put(token.tokenHash(), token);
        return Future.succeededFuture();
    }

    @Override
    public Future<Optional<RefreshToken>> consume(String tokenHash) {
        return Future.succeededFuture(Optional.ofNullable(tokens.remove(tokenHash)));
    }
}

package io.glint.api.auth;

import io.glint.api.ApiContext;
import io.glint.api.Endpoint;
import io.glint.domain.users.UserRepository;
import io.glint.featurestore.users.DynamoRefreshTokenRepository;
import io.glint.featurestore.users.DynamoUserRepository;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.handler.JWTAuthHandler;
import java.util.List;
import java.util.Objects;

/**
 * Accounts and tokens, wired from the shared clients: the auth endpoints, the bearer-token handler every other
 * operation sits behind, and the password hasher (the operator's account is seeded with it).
 */
public final class AuthFeature {
    /** The worker pool that hashes passwords, one per process. */
    static final String HASHING_POOL = "glint-password-hashing";

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final WorkerExecutor hashing;
    private final AuthEndpoint endpoint;

    private AuthFeature(ApiContext ctx) {
        AuthConfig config = ctx.config().auth();
        this.users = new DynamoUserRepository(ctx.vertx(), ctx.clients().dynamoDb(), ctx.names());
        this.hasher = new PasswordHasher(config.passwordIterations());
        this.tokens = new TokenService(
                ctx.vertx(),
                config,
                new DynamoRefreshTokenRepository(ctx.clients().dynamoDb(), ctx.names()),
                ctx.clock());
        tokens.verifier().bindTo(ctx.meters());
        this.hashing = ctx.vertx()
                .createSharedWorkerExecutor(
                        HASHING_POOL, Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.endpoint = new AuthEndpoint(
                new AuthService(users, tokens, hasher, hashing, ctx.clock()),
                ctx.config().rateLimits());
    }

    /** Blocking: the hasher computes a reference hash. Call it at start-up. */
    public static AuthFeature wire(ApiContext ctx) {
        return new AuthFeature(Objects.requireNonNull(ctx, "ctx"));
    }

    public List<Endpoint> endpoints() {
        return List.of(endpoint);
    }

    /** The handler of the contract's {@code bearerAuth} scheme: it verifies access tokens (and remembers them). */
    public JWTAuthHandler bearerAuth() {
        return JWTAuthHandler.create(tokens.verifier());
    }

    /** The accounts, for the operator's account. */
    public UserRepository users() {
        return users;
    }

    public PasswordHasher hasher() {
        return hasher;
    }

    /** Closes the hashing pool. */
    public Future<Void> close() {
        return hashing.close();
    }
}

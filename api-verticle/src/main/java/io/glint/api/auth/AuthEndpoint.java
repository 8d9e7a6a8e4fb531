package io.glint.api.auth;

import io.glint.api.Endpoint;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.glint.core.error.UnauthorizedException;
import io.glint.core.json.Json;
import io.glint.featurestore.users.User;
import io.glint.featurestore.users.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * Accounts: sign-up, login, token refresh and logout. Requests reach these handlers only once the
 * contract has validated them (username pattern, password length, no unknown fields). Password hashing runs on a
 * dedicated worker pool, so that a burst of logins cannot starve the rest of the API's blocking work.
 */
public final class AuthEndpoint implements Endpoint {
    private final UserRepository users;
    private final TokenService tokens;
    private final PasswordHasher hasher;
    private final WorkerExecutor hashing;
    private final Clock clock;
    private final RateLimits limits;

    record SignupRequest(String username, String password, String displayName) {}

    record LoginRequest(String username, String password) {}

    record RefreshRequest(String refreshToken) {}

    public AuthEndpoint(
            UserRepository users,
            TokenService tokens,
            PasswordHasher hasher,
            WorkerExecutor hashing,
            Clock clock,
            RateLimits limits) {
        this.users = Objects.requireNonNull(users, "users");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.hashing = Objects.requireNonNull(hashing, "hashing");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("signup").addHandler(limits.perClientIp("signup")).addHandler(this::signup);
        routes.getRoute("login").addHandler(limits.perClientIp("login")).addHandler(this::login);
        routes.getRoute("refresh").addHandler(this::refresh);
        routes.getRoute("logout").addHandler(this::logout);
    }

    private void signup(RoutingContext ctx) {
        SignupRequest request = Json.read(ctx.body().buffer().getBytes(), SignupRequest.class);
        hashing.executeBlocking(() -> hasher.hash(request.password().toCharArray()))
                .compose(hash -> users.create(User.newAccount(
                        UUID.randomUUID().toString(),
                        request.username(),
                        request.displayName() == null ? request.username() : request.displayName(),
                        hash,
                        clock.instant())))
                .compose(tokens::issue)
                .onSuccess(issued -> Responses.privateJson(ctx, 201, issued))
                .onFailure(ctx::fail);
    }

    private void login(RoutingContext ctx) {
        LoginRequest request = Json.read(ctx.body().buffer().getBytes(), LoginRequest.class);
        char[] password = request.password().toCharArray();
        users.findByUsername(request.username())
                .compose(found -> hashing.executeBlocking(() -> {
                    if (found.isEmpty()) {
                        hasher.verifyNothing(password);
                        return null;
                    }
                    return hasher.verify(password, found.get().passwordHash()) ? found.get() : null;
                }))
                .compose(user -> user == null
                        ? Future.<User>failedFuture(new UnauthorizedException("invalid username or password"))
                        : Future.succeededFuture(user))
                .compose(tokens::issue)
                .onSuccess(issued -> Responses.privateJson(ctx, 200, issued))
                .onFailure(ctx::fail);
    }

    private void refresh(RoutingContext ctx) {
        RefreshRequest request = Json.read(ctx.body().buffer().getBytes(), RefreshRequest.class);
        tokens.consume(request.refreshToken())
                .compose(users::findById)
                .compose(user -> user.isPresent()
                        ? tokens.issue(user.get())
                        : Future.failedFuture(new UnauthorizedException("the account no longer exists")))
                .onSuccess(issued -> Responses.privateJson(ctx, 200, issued))
                .onFailure(ctx::fail);
    }

    private void logout(RoutingContext ctx) {
        RefreshRequest request = Json.read(ctx.body().buffer().getBytes(), RefreshRequest.class);
        tokens.revoke(request.refreshToken())
                .onSuccess(done -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }
}

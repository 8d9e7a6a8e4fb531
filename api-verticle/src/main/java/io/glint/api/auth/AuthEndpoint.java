package io.glint.api.auth;

import io.glint.api.Endpoint;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.glint.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Objects;

/**
 * Accounts over {@link AuthService}: sign-up, login, token refresh and logout. Requests reach these handlers only once
 * the contract has validated them (username pattern, password length, no unknown fields); sign-up and login are rate
 * limited per client address.
 */
public final class AuthEndpoint implements Endpoint {
    private final AuthService auth;
    private final RateLimits limits;

    record SignupRequest(String username, String password, String displayName) {}

    record LoginRequest(String username, String password) {}

    record RefreshRequest(String refreshToken) {}

    public AuthEndpoint(AuthService auth, RateLimits limits) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("signup").addHandler(limits.perClientIp("signup")).addHandler(this::signup);
        routes.getRoute("login").addHandler(limits.perClientIp("login")).addHandler(this::login);
        routes.getRoute("refresh").addHandler(this::refresh);
        routes.getRoute("logout").addHandler(this::logout);
        routes.getRoute("logoutAll").addHandler(limits.perUser()).addHandler(this::logoutAll);
    }

    private void signup(RoutingContext ctx) {
        SignupRequest request = Json.read(ctx.body().buffer().getBytes(), SignupRequest.class);
        auth.signup(request.username(), request.password(), request.displayName())
                .onSuccess(issued -> Responses.privateJson(ctx, 201, issued))
                .onFailure(ctx::fail);
    }

    private void login(RoutingContext ctx) {
        LoginRequest request = Json.read(ctx.body().buffer().getBytes(), LoginRequest.class);
        auth.login(request.username(), request.password())
                .onSuccess(issued -> Responses.privateJson(ctx, 200, issued))
                .onFailure(ctx::fail);
    }

    private void refresh(RoutingContext ctx) {
        RefreshRequest request = Json.read(ctx.body().buffer().getBytes(), RefreshRequest.class);
        auth.refresh(request.refreshToken())
                .onSuccess(issued -> Responses.privateJson(ctx, 200, issued))
                .onFailure(ctx::fail);
    }

    private void logout(RoutingContext ctx) {
        RefreshRequest request = Json.read(ctx.body().buffer().getBytes(), RefreshRequest.class);
        auth.logout(request.refreshToken())
                .onSuccess(done -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private void logoutAll(RoutingContext ctx) {
        auth.logoutAll(Caller.userId(ctx))
                .onSuccess(done -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }
}

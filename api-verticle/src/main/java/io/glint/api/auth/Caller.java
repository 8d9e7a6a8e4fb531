package io.glint.api.auth;

import io.glint.core.error.UnauthorizedException;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Set;

/** Who is calling, as the verified access token says. */
public final class Caller {
    private Caller() {}

    /**
     * The caller's user id: the verified token's {@code sub} claim ({@code User.subject()} would prefer the {@code
     * username} claim).
     *
     * @throws UnauthorizedException when the route is not behind the bearer-token handler
     */
    public static String userId(RoutingContext ctx) {
        if (ctx.user() == null || ctx.user().principal().getString("sub") == null) {
            throw new UnauthorizedException("an access token is required");
        }
        return ctx.user().principal().getString("sub");
    }

    /**
     * The caller's roles: the verified token's {@code roles} claim, empty when it has none. The claim is as trustworthy
     * as the token's signature, which the bearer-token handler has checked; it reflects the account when the token was
     * issued (at most one access-token lifetime ago).
     *
     * @throws UnauthorizedException when the route is not behind the bearer-token handler
     */
    public static Set<String> roles(RoutingContext ctx) {
        userId(ctx);
        Object claim = ctx.user().principal().getValue(TokenService.ROLES_CLAIM);
        Set<String> roles = new HashSet<>();
        if (claim instanceof JsonArray array) {
            array.forEach(role -> {
                if (role instanceof String name) {
                    roles.add(name);
                }
            });
        }
        return Set.copyOf(roles);
    }

    /**
     * Whether the caller's verified token grants {@code role}.
     *
     * @throws UnauthorizedException when the route is not behind the bearer-token handler
     */
    public static boolean hasRole(RoutingContext ctx, String role) {
        return roles(ctx).contains(role);
    }
}

package io.glint.api.auth;

import io.glint.core.error.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;

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
}

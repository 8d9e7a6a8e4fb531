package io.glint.api.http;

import io.glint.api.auth.Caller;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;

/**
 * The API's rate limits, as route handlers: per client IP on sign-up and login (password guessing), per user on
 * writes. A request over its limit fails with 429 and {@code Retry-After}.
 *
 * @see RateLimiter for why the limits are per process
 */
public final class RateLimits {
    public static final String LOGINS_PER_MINUTE = "GLINT_RATE_LOGINS_PER_MINUTE";
    public static final String WRITES_PER_MINUTE = "GLINT_RATE_WRITES_PER_MINUTE";
    public static final String TRUST_FORWARDED_FOR = "GLINT_TRUST_FORWARDED_FOR";
    private static final int MAX_KEYS = 100_000;

    private final RateLimiter logins;
    private final RateLimiter writes;
    private final boolean trustForwardedFor;

    private RateLimits(RateLimiter logins, RateLimiter writes, boolean trustForwardedFor) {
        this.logins = logins;
        this.writes = writes;
        this.trustForwardedFor = trustForwardedFor;
    }

    /**
     * Reads {@code GLINT_RATE_LOGINS_PER_MINUTE} (per IP, default 20), {@code GLINT_RATE_WRITES_PER_MINUTE} (per user,
     * default 120) and {@code GLINT_TRUST_FORWARDED_FOR} (whether the client IP is the last hop of {@code
     * X-Forwarded-For}, as behind an ALB: default true on AWS, false locally).
     */
    public static RateLimits from(Env env, Clock clock) {
        Duration minute = Duration.ofMinutes(1);
        return new RateLimits(
                new RateLimiter(env.integer(LOGINS_PER_MINUTE, 20, 1, 1_000_000), minute, MAX_KEYS, clock),
                new RateLimiter(env.integer(WRITES_PER_MINUTE, 120, 1, 1_000_000), minute, MAX_KEYS, clock),
                env.bool(TRUST_FORWARDED_FOR, env.mode() == RunMode.AWS));
    }

    /** Limits sign-up and login attempts per client IP. */
    public Handler<RoutingContext> perClientIp(String scope) {
        return ctx -> {
            logins.acquire(scope + ":" + clientIp(ctx));
            ctx.next();
        };
    }

    /** Limits an authenticated user's writes; put it after the bearer-token handler. */
    public Handler<RoutingContext> perUser() {
        return ctx -> {
            writes.acquire("writes:" + Caller.userId(ctx));
            ctx.next();
        };
    }

    private String clientIp(RoutingContext ctx) {
        if (trustForwardedFor) {
            String forwarded = ctx.request().getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                // The load balancer appends the address it saw; earlier entries are the client's to forge.
                String[] hops = forwarded.split(",");
                return hops[hops.length - 1].trim();
            }
        }
        return ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().hostAddress();
    }
}

package io.glint.api.social;

import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.Paging;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.glint.core.error.InvalidException;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.featurestore.feed.FeedRepository;
import io.glint.featurestore.social.FollowRepository;
import io.glint.featurestore.users.User;
import io.glint.featurestore.users.UserRepository;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The social graph: follow, unfollow (both idempotent: {@code PUT} and {@code DELETE} of the edge), and the paged
 * lists of followers and followees with their names.
 *
 * <p>A follow also brings the followee's recent posts into the caller's timeline before it answers, so the next feed
 * read shows them; an unfollow answers first and clears the former followee's entries afterwards (the feed read skips
 * authors no longer followed meanwhile). Neither fails the request when only the timeline step fails: the edge is
 * what the client asked for, and it was written.
 */
public final class SocialEndpoint implements Endpoint {
    private static final Logger LOG = LoggerFactory.getLogger(SocialEndpoint.class);

    private final FollowRepository follows;
    private final UserRepository users;
    private final FeedRepository feed;
    private final RateLimits limits;
    private final EventPublisher events;
    private final Clock clock;

    record UserSummary(String userId, String username, String displayName) {}

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record UserPage(List<UserSummary> items, String nextCursor) {}

    public SocialEndpoint(
            FollowRepository follows,
            UserRepository users,
            FeedRepository feed,
            RateLimits limits,
            EventPublisher events,
            Clock clock) {
        this.follows = Objects.requireNonNull(follows, "follows");
        this.users = Objects.requireNonNull(users, "users");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("follow").addHandler(limits.perUser()).addHandler(this::follow);
        routes.getRoute("unfollow").addHandler(limits.perUser()).addHandler(this::unfollow);
        routes.getRoute("listFollowers").addHandler(ctx -> list(ctx, follows::followers));
        routes.getRoute("listFollowing").addHandler(ctx -> list(ctx, follows::following));
    }

    private void follow(RoutingContext ctx) {
        String follower = Caller.userId(ctx);
        String followee = ctx.pathParam("userId");
        if (follower.equals(followee)) {
            throw new InvalidException("you cannot follow yourself");
        }
        // The timeline step runs on a repeated follow too: it is idempotent, and it repairs a follow whose first
        // timeline step failed.
        follows.follow(follower, followee)
                .compose(changed -> feed.followed(follower, followee)
                        .recover(error -> {
                            LOG.warn(
                                    "Following {} is recorded, but their recent posts did not reach the timeline",
                                    followee,
                                    error);
                            return Future.succeededFuture();
                        })
                        .map(done -> changed))
                .onSuccess(changed -> {
                    if (changed) {
                        events.publish(InteractionEvent.create(EventType.FOLLOW, follower, followee, clock.instant()));
                    }
                    ctx.response().setStatusCode(204).end();
                })
                .onFailure(ctx::fail);
    }

    private void unfollow(RoutingContext ctx) {
        String follower = Caller.userId(ctx);
        String followee = ctx.pathParam("userId");
        follows.unfollow(follower, followee)
                .onSuccess(changed -> {
                    if (changed) {
                        events.publish(
                                InteractionEvent.create(EventType.UNFOLLOW, follower, followee, clock.instant()));
                    }
                    ctx.response().setStatusCode(204).end();
                    feed.unfollowed(follower, followee)
                            .onFailure(error -> LOG.warn(
                                    "The timeline keeps entries of unfollowed {} until they expire", followee, error));
                })
                .onFailure(ctx::fail);
    }

    /** Loads one page of a list. */
    @FunctionalInterface
    private interface PageLoader {
        Future<FollowRepository.Page> load(String userId, int limit, String cursor);
    }

    private void list(RoutingContext ctx, PageLoader loader) {
        Caller.userId(ctx);
        loader.load(ctx.pathParam("userId"), Paging.limit(ctx), Paging.cursor(ctx))
                .compose(page -> users.findAll(page.userIds()).map(found -> {
                    Map<String, User> byId =
                            found.stream().collect(Collectors.toMap(User::userId, Function.identity()));
                    // In the list's order; an account deleted meanwhile is left out.
                    List<UserSummary> items = page.userIds().stream()
                            .filter(byId::containsKey)
                            .map(byId::get)
                            .map(user -> new UserSummary(user.userId(), user.username(), user.displayName()))
                            .toList();
                    return new UserPage(items, page.nextCursor().orElse(null));
                }))
                .onSuccess(page -> Responses.json(ctx, 200, page))
                .onFailure(ctx::fail);
    }
}

package io.glint.api.social;

import io.glint.core.error.InvalidException;
import io.glint.domain.feed.FeedRepository;
import io.glint.domain.social.FollowRepository;
import io.glint.domain.users.User;
import io.glint.domain.users.UserRepository;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The social graph: follow, unfollow (both idempotent; only a change is an interaction event), and the paged lists of
 * followers and followees with their accounts.
 *
 * <p>A follow also brings the followee's recent posts into the follower's timeline before it completes, so the next
 * feed read shows them; an unfollow completes first and clears the former followee's entries afterwards (the feed read
 * skips authors no longer followed meanwhile). Neither fails when only the timeline step fails: the edge is what the
 * client asked for, and it was written.
 */
public final class SocialService {
    private static final Logger LOG = LoggerFactory.getLogger(SocialService.class);

    private final FollowRepository follows;
    private final UserRepository users;
    private final FeedRepository feed;
    private final EventPublisher events;
    private final Clock clock;

    /** One page of a list of accounts, in the list's order. */
    public record UserPage(List<User> users, Optional<String> nextCursor) {}

    public SocialService(
            FollowRepository follows, UserRepository users, FeedRepository feed, EventPublisher events, Clock clock) {
        this.follows = Objects.requireNonNull(follows, "follows");
        this.users = Objects.requireNonNull(users, "users");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * {@code follower} follows {@code followee}.
     *
     * @return a future failed with {@link InvalidException} when both are the same account, or with the repository's
     *     error when the edge could not be written
     */
    public Future<Void> follow(String follower, String followee) {
        if (follower.equals(followee)) {
            return Future.failedFuture(new InvalidException("you cannot follow yourself"));
        }
        // The timeline step runs on a repeated follow too: it is idempotent, and it repairs a follow whose first
        // timeline step failed.
        return follows.follow(follower, followee)
                .compose(changed -> feed.followed(follower, followee)
                        .recover(error -> {
                            LOG.warn(
                                    "Following {} is recorded, but their recent posts did not reach the timeline",
                                    followee,
                                    error);
                            return Future.succeededFuture();
                        })
                        .map(done -> changed))
                .map(changed -> {
                    if (changed) {
                        events.publish(InteractionEvent.create(EventType.FOLLOW, follower, followee, clock.instant()));
                    }
                    return null;
                });
    }

    /**
     * {@code follower} no longer follows {@code followee}; completes once the edge is gone, before the timeline is
     * cleared of the followee's posts.
     */
    public Future<Void> unfollow(String follower, String followee) {
        return follows.unfollow(follower, followee).map(changed -> {
            if (changed) {
                events.publish(InteractionEvent.create(EventType.UNFOLLOW, follower, followee, clock.instant()));
            }
            feed.unfollowed(follower, followee)
                    .onFailure(error ->
                            LOG.warn("The timeline keeps entries of unfollowed {} until they expire", followee, error));
            return null;
        });
    }

    /** A page of the accounts that follow {@code userId}; an account deleted meanwhile is left out. */
    public Future<UserPage> followers(String userId, int limit, String cursor) {
        return follows.followers(userId, limit, cursor).compose(this::withUsers);
    }

    /** A page of the accounts {@code userId} follows; an account deleted meanwhile is left out. */
    public Future<UserPage> following(String userId, int limit, String cursor) {
        return follows.following(userId, limit, cursor).compose(this::withUsers);
    }

    private Future<UserPage> withUsers(FollowRepository.Page page) {
        return users.findAll(page.userIds()).map(found -> {
            Map<String, User> byId = found.stream().collect(Collectors.toMap(User::userId, Function.identity()));
            List<User> inOrder = page.userIds().stream()
                    .filter(byId::containsKey)
                    .map(byId::get)
                    .toList();
            return new UserPage(inOrder, page.nextCursor());
        });
    }
}

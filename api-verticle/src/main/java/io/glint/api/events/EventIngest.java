package io.glint.api.events;

import io.glint.core.error.InvalidException;
import io.glint.core.error.Problem;
import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.catalog.CatalogRepository;
import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What clients report that the server cannot see (views, impressions), in batches. The server decides what it can:
 * <ul>
 *   <li>the user is the caller; every other event type is the server's to emit;
 *   <li>the time is the client's only within a window around the server's clock: an event older than {@link #MAX_AGE}
 *       or further ahead than {@link #MAX_AHEAD} is invalid, and one ahead within it is dated now, so that no client
 *       can move an item's windows into the future;
 *   <li>an event counts only for an item that exists and that the caller may see (a published post, the caller's
 *       own, or a catalog product); the others are dropped and counted, so that made-up ids create no feature
 *       documents;
 *   <li>the author of a post is the server's to name ({@code context.authorId}); a client's is replaced, or removed
 *       for a product.
 * </ul>
 * The whole batch is checked before any of it is published, so an invalid event rejects the batch and publishes
 * nothing.
 */
public final class EventIngest {
    /** What a client may report; likes, follows and posts are published by the services that make them happen. */
    static final Set<EventType> CLIENT_TYPES = Set.of(EventType.VIEW, EventType.IMPRESSION);
    /** How long after the fact a client may still report an event. */
    public static final Duration MAX_AGE = Duration.ofHours(24);
    /** How far ahead of the server's clock a client's clock may run. */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);
    /** Reported events not published, by {@code reason}: {@code unknown_item} or {@code buffer_full}. */
    public static final String DROPPED = "glint.events.client.dropped";

    private static final String AUTHOR = "authorId";

    private final EventPublisher events;
    private final PostRepository posts;
    private final CatalogRepository catalog;
    private final Clock clock;
    private final Counter unknownItems;
    private final Counter bufferFull;

    /** One event as a client reports it. */
    public record ClientEvent(String eventId, String type, String itemId, Instant ts, Map<String, String> context) {}

    /**
     * What became of a batch: events taken by the publisher, and events dropped (for an item that does not exist or
     * that the caller may not see, or refused by a full publisher).
     */
    public record Accepted(int accepted, int dropped) {}

    public EventIngest(
            EventPublisher events,
            PostRepository posts,
            CatalogRepository catalog,
            Clock clock,
            MeterRegistry registry) {
        this.events = Objects.requireNonNull(events, "events");
        this.posts = Objects.requireNonNull(posts, "posts");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.unknownItems = Counter.builder(DROPPED)
                .description("Client-reported events not published, by reason")
                .tag("reason", "unknown_item")
                .register(registry);
        this.bufferFull = Counter.builder(DROPPED)
                .description("Client-reported events not published, by reason")
                .tag("reason", "buffer_full")
                .register(registry);
    }

    /**
     * Publishes the user's batch: every event for an item that exists, none if one is invalid.
     *
     * @return what the publisher took and what was dropped; a future failed with {@link InvalidException} naming the
     *     first event that is not a view or impression, is dated outside the window, or is otherwise invalid (then
     *     nothing is published), or with the store's error when the items could not be read
     */
    public Future<Accepted> report(String userId, List<ClientEvent> batch) {
        Instant now = clock.instant();
        List<InteractionEvent> checked = new ArrayList<>(batch.size());
        try {
            for (int i = 0; i < batch.size(); i++) {
                checked.add(toEvent(userId, batch.get(i), i, now));
            }
        } catch (InvalidException e) {
            return Future.failedFuture(e);
        }
        List<String> itemIds = List.copyOf(new LinkedHashSet<>(
                checked.stream().map(InteractionEvent::itemId).toList()));
        Future<List<Post>> foundPosts = posts.findAll(itemIds);
        Future<List<CatalogItem>> foundProducts = catalog.findAll(itemIds);
        return Future.all(foundPosts, foundProducts).map(both -> {
            // The author each item is credited to; "" for a product (it has none).
            Map<String, String> authors = new HashMap<>();
            foundProducts.result().forEach(product -> authors.put(product.itemId(), ""));
            foundPosts.result().stream()
                    .filter(post -> post.visibleTo(userId))
                    .forEach(post -> authors.put(post.postId(), post.authorId()));
            int accepted = 0;
            int dropped = 0;
            for (InteractionEvent event : checked) {
                String author = authors.get(event.itemId());
                if (author == null) {
                    unknownItems.increment();
                    dropped++;
                } else if (events.publish(attributed(event, author))) {
                    accepted++;
                } else {
                    bufferFull.increment();
                    dropped++;
                }
            }
            return new Accepted(accepted, dropped);
        });
    }

    /** The event with the server's word on its item's author. */
    private static InteractionEvent attributed(InteractionEvent event, String author) {
        Map<String, String> context = new HashMap<>(event.context());
        context.remove(AUTHOR);
        if (!author.isEmpty()) {
            context.put(AUTHOR, author);
        }
        return new InteractionEvent(
                event.eventId(), event.userId(), event.itemId(), event.type(), event.ts(), context, event.v());
    }

    private static InteractionEvent toEvent(String userId, ClientEvent event, int index, Instant now) {
        String at = "/events/" + index;
        EventType type = CLIENT_TYPES.stream()
                .filter(candidate -> candidate.wireName().equals(event.type()))
                .findFirst()
                .orElseThrow(() -> new InvalidException(
                        "clients may report only view and impression events",
                        List.of(new Problem.FieldError(at + "/type", "view or impression")),
                        null));
        Instant ts = event.ts();
        if (ts != null && (ts.isBefore(now.minus(MAX_AGE)) || ts.isAfter(now.plus(MAX_AHEAD)))) {
            throw new InvalidException(
                    "event " + index + " is dated outside the window of the server's clock",
                    List.of(new Problem.FieldError(
                            at + "/ts",
                            "at most " + MAX_AGE.toHours() + " hours old and " + MAX_AHEAD.toMinutes()
                                    + " minutes ahead of " + now)),
                    null);
        }
        try {
            return new InteractionEvent(
                    event.eventId(),
                    userId,
                    event.itemId(),
                    type,
                    ts == null || ts.isBefore(now) ? ts : now,
                    event.context() == null ? Map.of() : event.context(),
                    InteractionEvent.SCHEMA_VERSION);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidException(
                    "event " + index + " is invalid: " + e.getMessage(),
                    List.of(new Problem.FieldError(at, String.valueOf(e.getMessage()))),
                    null);
        }
    }
}

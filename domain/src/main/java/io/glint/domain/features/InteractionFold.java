package io.glint.domain.features;

import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How one interaction changes the features: the single definition that the stream workers apply live and that the
 * training job replays over the event archive, so that a model is trained on exactly the features it is served (see
 * {@code docs/features.md}). Pure functions over the documents; who reads and writes them, and how each record is
 * applied once, is the caller's business.
 */
public final class InteractionFold {
    /** How many of a user's previous engagements an engagement pairs with, for co-engagement. */
    public static final int CO_ENGAGEMENT_DEPTH = 5;

    private InteractionFold() {}

    /**
     * Applies an event to its user's document.
     *
     * @param sequence the event's position (a Kinesis sequence number, or any {@link SequenceNumbers}-ordered number)
     * @param item the event's item as known, for labels, categories and author; null when unknown or not an item
     */
    public static void applyToUser(UserFeatures user, InteractionEvent event, String sequence, ItemFeatures item) {
        user.counter(event.type().wireName()).add(event.ts(), 1);
        user.active(event.ts());
        user.seen(event.eventId(), sequence);
        if (isEngagement(event.type())) {
            user.engaged(
                    new UserFeatures.RecentItem(event.itemId(), event.type().wireName(), event.ts(), sequence));
        }
        double weight = affinityWeight(event.type());
        if (weight != 0) {
            if (item != null) {
                item.labels().forEach(label -> user.addLabel(label, weight));
                item.categories().forEach(category -> user.addCategory(category, weight));
            }
            String author = authorOf(event, item);
            if (author != null && !author.equals(event.userId())) {
                user.addAuthor(author, Math.signum(weight));
            }
        }
        if (event.type() == EventType.FOLLOW) {
            user.addAuthor(event.itemId(), 1);
        } else if (event.type() == EventType.UNFOLLOW) {
            user.addAuthor(event.itemId(), -1);
        }
    }

    /**
     * Applies an event to its item's document (counters, author, labels, engagers, first and last seen).
     *
     * @param engagers the item's engager sketch, decoded once by the caller for all of a batch's events
     */
    public static void applyToItem(ItemFeatures item, EngagerSketch engagers, InteractionEvent event) {
        if (event.type() == EventType.POST_CREATED) {
            item.authorId(event.userId());
        } else if (event.type() == EventType.POST_PUBLISHED) {
            // The analysis worker's verdict: what the image shows, for label and category affinities.
            item.authorId(event.userId());
            item.labels(
                    commaList(event.context().get("labels")),
                    commaList(event.context().get("categories")));
        } else if (item.authorId() == null && event.context().containsKey("authorId")) {
            item.authorId(event.context().get("authorId"));
        }
        var counter = item.counter(event.type().wireName());
        if (counter != null) {
            counter.add(event.ts(), 1);
        }
        if (isEngagement(event.type())) {
            engagers.add(event.userId());
            item.seen(event.ts());
        } else if (event.type() == EventType.IMPRESSION) {
            item.seen(event.ts());
        }
    }

    /** Counts one user's engagement with both items, on {@code item}'s side. */
    public static void coEngage(ItemFeatures item, String otherItemId) {
        item.coEngaged(otherItemId, 1);
    }

    /**
     * The distinct items the user engaged with before {@code sequence}, newest first, other than {@code itemId}: the
     * items an engagement at {@code sequence} pairs with for co-engagement (at most {@value #CO_ENGAGEMENT_DEPTH}).
     * Read by position, so a replay derives the same pairs.
     */
    public static List<String> engagedBefore(UserFeatures user, String sequence, String itemId) {
        Set<String> earlier = new LinkedHashSet<>();
        for (UserFeatures.RecentItem recent : user.recentItems()) {
            if (earlier.size() == CO_ENGAGEMENT_DEPTH) {
                break;
            }
            if (SequenceNumbers.compare(recent.sequenceNumber(), sequence) < 0
                    && !recent.itemId().equals(itemId)) {
                earlier.add(recent.itemId());
            }
        }
        return List.copyOf(earlier);
    }

    /** Types whose {@code itemId} is a post or product (follows name a user). */
    public static boolean isItemEvent(EventType type) {
        return type != EventType.FOLLOW && type != EventType.UNFOLLOW;
    }

    /** Interactions that show interest in an item: they make recent items, engagers and co-engagement. */
    public static boolean isEngagement(EventType type) {
        return type == EventType.VIEW
                || type == EventType.LIKE
                || type == EventType.COMMENT
                || type == EventType.PURCHASE;
    }

    /** How much an interaction moves the user's label, category and author affinities. */
    public static double affinityWeight(EventType type) {
        return switch (type) {
            case VIEW -> 1;
            case LIKE -> 3;
            case UNLIKE -> -3;
            case COMMENT -> 4;
            case PURCHASE -> 5;
            default -> 0;
        };
    }

    private static String authorOf(InteractionEvent event, ItemFeatures item) {
        String fromContext = event.context().get("authorId");
        if (fromContext != null) {
            return fromContext;
        }
        return item == null ? null : item.authorId();
    }

    private static List<String> commaList(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        return Arrays.stream(joined.split(","))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .distinct()
                .toList();
    }
}

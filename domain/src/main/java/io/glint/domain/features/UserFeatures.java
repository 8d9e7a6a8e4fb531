package io.glint.domain.features;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What Glint knows of a user's behaviour, kept current by the stream workers from the user's own interactions. One
 * document per user; every collection in it is bounded. See {@code docs/features.md} for each feature's definition.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE)
public final class UserFeatures {
    public static final int SCHEMA_VERSION = 1;
    public static final int RECENT_ITEMS = 30;
    public static final int LABELS = 50;
    public static final int CATEGORIES = 20;
    public static final int AUTHORS = 100;
    public static final int SEEN_EVENTS = 32;
    public static final int SKIPPED_DUPLICATES = 64;

    private int schemaVersion = SCHEMA_VERSION;
    private String userId;
    /** Interaction type (wire name) to its counter. */
    private TreeMap<String, WindowedCounter> counts = new TreeMap<>();

    private Instant lastActiveAt;
    /** Newest first. */
    private List<RecentItem> recentItems = new ArrayList<>();

    private TreeMap<String, Double> labelAffinity = new TreeMap<>();
    private TreeMap<String, Double> categoryAffinity = new TreeMap<>();
    /** Author to how many of the user's interactions were with them (likes, comments, purchases, views, follows). */
    private TreeMap<String, Double> authorsEngaged = new TreeMap<>();
    /** Event id to the sequence number it was applied at, oldest first: recognises a producer's retried event. */
    private LinkedHashMap<String, String> seenEvents = new LinkedHashMap<>();
    /**
     * Stream positions of records skipped as a second copy of an event, oldest first: a replay skips them again even
     * after their event id has left {@link #seenEvents}, so that nothing else counts them either.
     */
    private List<String> skippedDuplicates = new ArrayList<>();

    /** The features as read: each counter's windows as of a time, collections as stored. */
    public record View(
            String userId,
            int schemaVersion,
            long version,
            Map<String, WindowedCounter.Windows> counts,
            Instant lastActiveAt,
            List<RecentItem> recentItems,
            Map<String, Double> labelAffinity,
            Map<String, Double> categoryAffinity,
            Map<String, Double> authorsEngaged) {}

    /** An item the user engaged with, and the stream position of that engagement. */
    public record RecentItem(String itemId, String type, Instant at, String sequenceNumber) {}

    UserFeatures() {}

    public static UserFeatures empty(String userId) {
        UserFeatures features = new UserFeatures();
        features.userId = Objects.requireNonNull(userId, "userId");
        return features;
    }

    public View view(Instant now, long version) {
        Map<String, WindowedCounter.Windows> windows = new TreeMap<>();
        counts.forEach((type, counter) -> windows.put(type, counter.windows(now)));
        return new View(
                userId,
                schemaVersion,
                version,
                windows,
                lastActiveAt,
                List.copyOf(recentItems),
                Map.copyOf(labelAffinity),
                Map.copyOf(categoryAffinity),
                Map.copyOf(authorsEngaged));
    }

    public String userId() {
        return userId;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public WindowedCounter counter(String type) {
        return counts.computeIfAbsent(type, ignored -> new WindowedCounter());
    }

    public Map<String, WindowedCounter> counts() {
        return counts;
    }

    public Instant lastActiveAt() {
        return lastActiveAt;
    }

    public void active(Instant at) {
        if (lastActiveAt == null || at.isAfter(lastActiveAt)) {
            lastActiveAt = at;
        }
    }

    public List<RecentItem> recentItems() {
        return recentItems;
    }

    /** Puts an engagement in sequence order (newest first) and keeps the newest {@link #RECENT_ITEMS}. */
    public void engaged(RecentItem item) {
        int at = 0;
        while (at < recentItems.size()
                && SequenceNumbers.compare(recentItems.get(at).sequenceNumber(), item.sequenceNumber()) > 0) {
            at++;
        }
        recentItems.add(at, item);
        while (recentItems.size() > RECENT_ITEMS) {
            recentItems.remove(recentItems.size() - 1);
        }
    }

    public Map<String, Double> labelAffinity() {
        return labelAffinity;
    }

    public Map<String, Double> categoryAffinity() {
        return categoryAffinity;
    }

    public Map<String, Double> authorsEngaged() {
        return authorsEngaged;
    }

    public void addLabel(String label, double weight) {
        BoundedScores.add(labelAffinity, label, weight, LABELS);
    }

    public void addCategory(String category, double weight) {
        BoundedScores.add(categoryAffinity, category, weight, CATEGORIES);
    }

    public void addAuthor(String authorId, double weight) {
        BoundedScores.add(authorsEngaged, authorId, weight, AUTHORS);
    }

    /** The sequence number an event id was applied at, or null. */
    public String seenAt(String eventId) {
        return seenEvents.get(eventId);
    }

    /** Whether the record at {@code sequenceNumber} was skipped as a second copy of an event. */
    public boolean skippedDuplicate(String sequenceNumber) {
        return skippedDuplicates.contains(sequenceNumber);
    }

    /** Remembers that the record at {@code sequenceNumber} is a second copy of an event (the newest 64). */
    public void skipDuplicate(String sequenceNumber) {
        skippedDuplicates.add(sequenceNumber);
        while (skippedDuplicates.size() > SKIPPED_DUPLICATES) {
            skippedDuplicates.remove(0);
        }
    }

    public void seen(String eventId, String sequenceNumber) {
        seenEvents.put(eventId, sequenceNumber);
        var oldest = seenEvents.keySet().iterator();
        while (seenEvents.size() > SEEN_EVENTS) {
            oldest.next();
            oldest.remove();
        }
    }
}

package io.glint.streams.interactions;

import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.featurestore.features.EngagerSketch;
import io.glint.featurestore.features.FeatureRepository;
import io.glint.featurestore.features.FeatureRepository.Stored;
import io.glint.featurestore.features.ItemFeatures;
import io.glint.featurestore.features.SequenceNumbers;
import io.glint.featurestore.features.UserFeatures;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies one shard's batch of events to the feature store, exactly once in effect.
 *
 * <p><b>How.</b> Every document records, per shard, the sequence number of the last record applied to it (its
 * watermark). A batch reads the documents it touches, applies to each only the changes that come from records above
 * that document's watermark for this shard, and writes the document back under optimistic concurrency (the version it
 * read). So a replay after a crash before the checkpoint, or after a lease moved, changes nothing that was already
 * written, whatever the new batch boundaries. A producer's retry is a second record with a new sequence number and
 * the same {@code eventId}: the user's document remembers the last {@value UserFeatures#SEEN_EVENTS} event ids with
 * the sequence number they were applied at, and a second record of a known event id is skipped everywhere; the
 * positions of skipped records are remembered too, so that a replay skips them again after their event id has been
 * forgotten (else a replay would count a duplicate on an item whose watermark it never moved). (All of a user's events
 * are on one shard, in order: the stream is partitioned by user.)
 *
 * <p><b>Order.</b> Users first: each user's events in stream order update the user's document and yield the changes
 * for items (counts, engagers, and co-engagement pairs with the user's previous engagements, which are read from the
 * user's recent items by sequence number, so a replay derives the same pairs). Then items, each document once per
 * batch with all its changes. The shards a worker holds write an item one at a time, and the changes that wait for
 * an item's write meanwhile go into its next write together, which starts from the document just written: a worker
 * never races itself, and a hot item costs one write per round, not one per shard. An item written by another worker
 * meanwhile is read again and retried; a user document changed meanwhile means another worker holds this shard too (a
 * lease moved), and the batch fails, to be retried.
 *
 * <p><b>Reads.</b> The user documents a batch wrote stay in a bounded cache for the next batch (a user's events all go
 * to the shard that wrote them); a stale one (another worker wrote the user meanwhile) fails its conditional write and
 * is read again on the retry. Items are read every batch: several workers write them.
 *
 * <p>Blocking: called on the KCL thread that owns the shard.
 */
public final class FeatureUpdater {
    /** How many of a user's previous engagements an engagement pairs with, for co-engagement. */
    static final int CO_ENGAGEMENT_DEPTH = 5;

    private static final int ITEM_WRITE_ATTEMPTS = 10;

    private final FeatureRepository features;
    private final UserDocumentCache userCache;

    /** With a cache of {@value InteractionsWorkerConfig#DEFAULT_USER_CACHE_SIZE} user documents. */
    public FeatureUpdater(FeatureRepository features) {
        this(features, InteractionsWorkerConfig.DEFAULT_USER_CACHE_SIZE);
    }

    /** @param userCacheSize how many user documents to keep between batches (0: read every user every batch) */
    public FeatureUpdater(FeatureRepository features, int userCacheSize) {
        this.features = Objects.requireNonNull(features, "features");
        this.userCache = new UserDocumentCache(userCacheSize);
    }

    /** What a batch changed. */
    public record Result(int usersWritten, int itemsWritten, int duplicatesSkipped) {}

    /** Thrown when a user document changed under this batch: another worker processes the shard too. */
    public static final class ConcurrentShardWriterException extends RuntimeException {
        ConcurrentShardWriterException(String message) {
            super(message);
        }
    }

    /** A change to an item, from the record at {@code sequenceNumber}. */
    private record ItemChange(String sequenceNumber, InteractionEvent event, String coEngagedWith) {}

    /**
     * Applies the batch.
     *
     * @param events the batch's decoded events, in stream order
     * @throws ConcurrentShardWriterException when another worker wrote a user of this batch meanwhile
     * @throws RuntimeException when a read or write fails; nothing is lost, the batch is to be retried
     */
    public Result apply(String shardId, List<SourcedEvent> events) {
        if (events.isEmpty()) {
            return new Result(0, 0, 0);
        }
        Map<String, List<SourcedEvent>> byUser = new LinkedHashMap<>();
        Set<String> itemIds = new LinkedHashSet<>();
        for (SourcedEvent sourced : events) {
            byUser.computeIfAbsent(sourced.event().userId(), ignored -> new ArrayList<>())
                    .add(sourced);
            if (isItemEvent(sourced.event().type())) {
                itemIds.add(sourced.event().itemId());
            }
        }
        // Users this worker wrote lately come from the cache; the rest, and every item, from the store.
        Map<String, Stored<UserFeatures>> users = new HashMap<>();
        Set<String> toRead = new LinkedHashSet<>();
        for (String userId : byUser.keySet()) {
            Stored<UserFeatures> cached = userCache.take(userId);
            if (cached != null) {
                users.put(userId, cached);
            } else {
                toRead.add(userId);
            }
        }
        var usersRead = toRead.isEmpty()
                ? io.vertx.core.Future.<Map<String, Stored<UserFeatures>>>succeededFuture(Map.of())
                : features.users(toRead);
        var itemsRead = features.items(itemIds);
        users.putAll(usersRead.await());
        Map<String, Stored<ItemFeatures>> items = new HashMap<>(itemsRead.await());

        Map<String, List<ItemChange>> itemChanges = new LinkedHashMap<>();
        List<Stored<UserFeatures>> changedUsers = new ArrayList<>();
        int duplicates = 0;
        for (var entry : byUser.entrySet()) {
            Stored<UserFeatures> stored = users.getOrDefault(
                    entry.getKey(), new Stored<>(entry.getKey(), 0, Map.of(), UserFeatures.empty(entry.getKey())));
            UserPass pass = applyToUser(shardId, stored, entry.getValue(), items, itemChanges);
            duplicates += pass.duplicates();
            if (pass.changed()) {
                changedUsers.add(pass.next());
            } else if (stored.version() > 0) {
                userCache.put(stored); // Untouched: still what the store holds.
            }
        }

        Set<String> coTargets = new HashSet<>(itemChanges.keySet());
        coTargets.removeAll(items.keySet());
        if (!coTargets.isEmpty()) {
            items.putAll(features.items(coTargets).await());
        }

        var userWrites = changedUsers.stream().map(features::putUser).toList();
        List<io.vertx.core.Future<Boolean>> itemWrites = new ArrayList<>();
        itemChanges.forEach(
                (itemId, changes) -> itemWrites.add(writeItem(shardId, itemId, items.get(itemId), changes)));
        io.vertx.core.Future.join(new ArrayList<>(userWrites)).await();
        for (int i = 0; i < userWrites.size(); i++) {
            if (userWrites.get(i).result()) {
                userCache.put(changedUsers.get(i));
            }
        }
        io.vertx.core.Future.join(new ArrayList<>(itemWrites)).await();
        for (int i = 0; i < userWrites.size(); i++) {
            if (!userWrites.get(i).result()) {
                throw new ConcurrentShardWriterException(
                        "user " + changedUsers.get(i).id() + " of shard " + shardId
                                + " was written by another worker; the batch is retried");
            }
        }
        int itemsWritten =
                (int) itemWrites.stream().filter(write -> write.result()).count();
        return new Result(changedUsers.size(), itemsWritten, duplicates);
    }

    private record UserPass(Stored<UserFeatures> next, boolean changed, int duplicates) {}

    private static UserPass applyToUser(
            String shardId,
            Stored<UserFeatures> stored,
            List<SourcedEvent> events,
            Map<String, Stored<ItemFeatures>> items,
            Map<String, List<ItemChange>> itemChanges) {
        UserFeatures user = stored.features();
        String watermark = stored.watermarks().get(shardId);
        String newest = watermark;
        boolean changed = false;
        int duplicates = 0;
        for (SourcedEvent sourced : events) {
            InteractionEvent event = sourced.event();
            String sequence = sourced.sequenceNumber();
            if (user.skippedDuplicate(sequence)) {
                duplicates++; // A replay of a record found to be a second copy before.
                continue;
            }
            String seenAt = user.seenAt(event.eventId());
            if (seenAt != null && !seenAt.equals(sequence)) {
                // A second record of one event (a producer's retry): skipped everywhere. Its position is remembered,
                // so that a replay skips it again even when the event id is no longer remembered.
                duplicates++;
                if (SequenceNumbers.after(sequence, watermark)) {
                    user.skipDuplicate(sequence);
                    changed = true;
                    if (SequenceNumbers.after(sequence, newest)) {
                        newest = sequence;
                    }
                }
                continue;
            }
            // Item changes first: they need the user's engagements before this one.
            if (isItemEvent(event.type())) {
                itemChanges
                        .computeIfAbsent(event.itemId(), ignored -> new ArrayList<>())
                        .add(new ItemChange(sequence, event, null));
                if (isEngagement(event.type())) {
                    for (String earlier : engagedBefore(user, sequence, event.itemId())) {
                        itemChanges
                                .computeIfAbsent(event.itemId(), ignored -> new ArrayList<>())
                                .add(new ItemChange(sequence, event, earlier));
                        itemChanges
                                .computeIfAbsent(earlier, ignored -> new ArrayList<>())
                                .add(new ItemChange(sequence, event, event.itemId()));
                    }
                }
            }
            if (!SequenceNumbers.after(sequence, watermark)) {
                continue; // Already in the user's document.
            }
            applyToUser(user, event, sequence, items.get(event.itemId()));
            changed = true;
            if (SequenceNumbers.after(sequence, newest)) {
                newest = sequence;
            }
        }
        if (!changed) {
            return new UserPass(stored, false, duplicates);
        }
        Map<String, String> watermarks = new HashMap<>(stored.watermarks());
        watermarks.put(shardId, newest);
        return new UserPass(new Stored<>(stored.id(), stored.version() + 1, watermarks, user), true, duplicates);
    }

    private static void applyToUser(
            UserFeatures user, InteractionEvent event, String sequence, Stored<ItemFeatures> item) {
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
                item.features().labels().forEach(label -> user.addLabel(label, weight));
                item.features().categories().forEach(category -> user.addCategory(category, weight));
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

    /** The distinct items the user engaged with before {@code sequence}, newest first, other than {@code itemId}. */
    private static List<String> engagedBefore(UserFeatures user, String sequence, String itemId) {
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

    /** One shard batch's changes to one item, waiting for the item's next write. */
    private record Submission(
            String shardId, Stored<ItemFeatures> read, List<ItemChange> changes, Promise<Boolean> written) {}

    /**
     * The writes of one item by the shards this worker holds: one at a time, the submissions that wait meanwhile merged
     * into the next write, which starts from the document the previous one wrote (no read, no version race among this
     * worker's own shards).
     */
    private static final class ItemLine {
        final List<Submission> waiting = new ArrayList<>();
        volatile Stored<ItemFeatures> latest;
    }

    /** Item writes in flight or waiting, by item id; guarded by itself. */
    private final Map<String, ItemLine> lines = new HashMap<>();

    private io.vertx.core.Future<Boolean> writeItem(
            String shardId, String itemId, Stored<ItemFeatures> read, List<ItemChange> changes) {
        Promise<Boolean> written = Promise.promise();
        ItemLine line;
        boolean first;
        synchronized (lines) {
            line = lines.get(itemId);
            first = line == null;
            if (first) {
                line = new ItemLine();
                lines.put(itemId, line);
            }
            line.waiting.add(new Submission(shardId, read, changes, written));
        }
        if (first) {
            next(itemId, line);
        }
        return written.future();
    }

    /** Writes everything waiting for the item, then goes on while more waits; ends the line when nothing does. */
    private void next(String itemId, ItemLine line) {
        List<Submission> group;
        synchronized (lines) {
            if (line.waiting.isEmpty()) {
                lines.remove(itemId);
                return;
            }
            group = new ArrayList<>(line.waiting);
            line.waiting.clear();
        }
        Stored<ItemFeatures> start = line.latest;
        if (start == null) {
            for (Submission submission : group) {
                if (submission.read() != null
                        && (start == null || submission.read().version() > start.version())) {
                    start = submission.read();
                }
            }
        }
        writeGroup(itemId, line, group, start, 1).onComplete(result -> {
            for (Submission submission : group) {
                if (result.succeeded()) {
                    submission.written().complete(result.result());
                } else {
                    submission.written().fail(result.cause());
                }
            }
            next(itemId, line);
        });
    }

    private io.vertx.core.Future<Boolean> writeGroup(
            String itemId, ItemLine line, List<Submission> group, Stored<ItemFeatures> read, int attempt) {
        Stored<ItemFeatures> stored =
                read != null ? read : new Stored<>(itemId, 0, Map.of(), ItemFeatures.empty(itemId));
        Map<String, String> watermarks = new HashMap<>(stored.watermarks());
        ItemFeatures item = stored.features();
        EngagerSketch engagers = item.engagers();
        boolean changed = false;
        for (Submission submission : group) {
            String watermark = watermarks.get(submission.shardId());
            String newest = watermark;
            for (ItemChange change : submission.changes()) {
                if (!SequenceNumbers.after(change.sequenceNumber(), watermark)) {
                    continue;
                }
                applyToItem(item, engagers, change);
                if (SequenceNumbers.after(change.sequenceNumber(), newest)) {
                    newest = change.sequenceNumber();
                }
            }
            if (!Objects.equals(newest, watermark)) {
                watermarks.put(submission.shardId(), newest);
                changed = true;
            }
        }
        if (!changed) {
            line.latest = read;
            return io.vertx.core.Future.succeededFuture(false); // Everything was applied before.
        }
        item.engagers(engagers);
        Stored<ItemFeatures> next = new Stored<>(itemId, stored.version() + 1, watermarks, item);
        // The document was changed in memory: unless the write succeeds, the next write must read it again.
        line.latest = null;
        return features.putItem(next).compose(written -> {
            if (written) {
                line.latest = next;
                return io.vertx.core.Future.succeededFuture(true);
            }
            if (attempt >= ITEM_WRITE_ATTEMPTS) {
                return io.vertx.core.Future.failedFuture(new IllegalStateException(
                        "item " + itemId + " kept changing under " + attempt + " writes; the batch is retried"));
            }
            // Another worker wrote it: read it again and apply the waiting changes to that.
            return features.items(List.of(itemId))
                    .compose(again -> writeGroup(itemId, line, group, again.get(itemId), attempt + 1));
        });
    }

    private static void applyToItem(ItemFeatures item, EngagerSketch engagers, ItemChange change) {
        InteractionEvent event = change.event();
        if (change.coEngagedWith() != null) {
            item.coEngaged(change.coEngagedWith(), 1);
            return;
        }
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

    private static List<String> commaList(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(joined.split(","))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .distinct()
                .toList();
    }

    private static String authorOf(InteractionEvent event, Stored<ItemFeatures> item) {
        String fromContext = event.context().get("authorId");
        if (fromContext != null) {
            return fromContext;
        }
        return item == null ? null : item.features().authorId();
    }

    /** Types whose {@code itemId} is a post (follows name a user). */
    static boolean isItemEvent(EventType type) {
        return type != EventType.FOLLOW && type != EventType.UNFOLLOW;
    }

    /** Interactions that show interest in an item: they make recent items, engagers and co-engagement. */
    static boolean isEngagement(EventType type) {
        return type == EventType.VIEW
                || type == EventType.LIKE
                || type == EventType.COMMENT
                || type == EventType.PURCHASE;
    }

    /** How much an interaction moves the user's label, category and author affinities. */
    static double affinityWeight(EventType type) {
        return switch (type) {
            case VIEW -> 1;
            case LIKE -> 3;
            case UNLIKE -> -3;
            case COMMENT -> 4;
            case PURCHASE -> 5;
            default -> 0;
        };
    }
}

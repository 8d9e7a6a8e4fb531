package io.glint.streams.interactions;

import io.glint.domain.features.EngagerSketch;
import io.glint.domain.features.FeatureRepository;
import io.glint.domain.features.FeatureRepository.Stored;
import io.glint.domain.features.InteractionFold;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.SequenceNumbers;
import io.glint.domain.features.UserFeatures;
import io.glint.events.InteractionEvent;
import io.micrometer.core.instrument.MeterRegistry;
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
 * <p><b>Reads.</b> The documents a batch wrote stay in bounded caches for the next batches, so that under load a
 * worker mostly writes instead of reading what it wrote itself. Users: a user's events all go to the shard that wrote
 * them; a stale one (another worker wrote the user meanwhile) fails its conditional write and is read again on the
 * retry. Items: every worker writes them, so a cached item may be stale; its write then fails its condition, and the
 * item is read again and the changes applied to that, as for any item written meanwhile. What a stale item can still
 * change is the label, category and author affinities of the users whose events read it in that batch (an item's
 * labels arrive once, with its {@code post_published} event, possibly on another worker): so item entries are used
 * for at most {@value #ITEM_CACHE_MAX_AGE_SECONDS} s, about the order in which events on different shards are applied
 * anyway.
 *
 * <p>Blocking: called on the KCL thread that owns the shard.
 */
public final class FeatureUpdater {
    /** The {@code cache} tag of the user documents' cache meters. */
    public static final String USER_CACHE = "feature-documents-user";
    /** The {@code cache} tag of the item documents' cache meters. */
    public static final String ITEM_CACHE = "feature-documents-item";

    private static final int ITEM_WRITE_ATTEMPTS = 10;
    static final long ITEM_CACHE_MAX_AGE_SECONDS = 30;

    private final FeatureRepository features;
    private final DocumentCache<UserFeatures> userCache;
    private final DocumentCache<ItemFeatures> itemCache;

    /** With the default cache sizes. */
    public FeatureUpdater(FeatureRepository features) {
        this(
                features,
                InteractionsWorkerConfig.DEFAULT_USER_CACHE_SIZE,
                InteractionsWorkerConfig.DEFAULT_ITEM_CACHE_SIZE);
    }

    /**
     * @param userCacheSize how many user documents to keep between batches (0: read every user every batch)
     * @param itemCacheSize how many item documents to keep between batches (0: read every item every batch)
     */
    public FeatureUpdater(FeatureRepository features, int userCacheSize, int itemCacheSize) {
        this.features = Objects.requireNonNull(features, "features");
        this.userCache = new DocumentCache<>(userCacheSize);
        this.itemCache = new DocumentCache<>(
                itemCacheSize, java.time.Duration.ofSeconds(ITEM_CACHE_MAX_AGE_SECONDS), System::nanoTime);
    }

    /**
     * With the caches' hits, misses and evictions exported to {@code registry} ({@code cache.*} meters tagged {@code
     * cache} = {@value #USER_CACHE} or {@value #ITEM_CACHE}).
     *
     * @param userCacheSize how many user documents to keep between batches (0: read every user every batch)
     * @param itemCacheSize how many item documents to keep between batches (0: read every item every batch)
     */
    public FeatureUpdater(FeatureRepository features, int userCacheSize, int itemCacheSize, MeterRegistry registry) {
        this(features, userCacheSize, itemCacheSize);
        Objects.requireNonNull(registry, "registry");
        userCache.bindTo(registry, USER_CACHE);
        itemCache.bindTo(registry, ITEM_CACHE);
    }

    /** What a batch changed: the documents it wrote (an item write shared with other shards' batches counts once). */
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
            if (InteractionFold.isItemEvent(sourced.event().type())) {
                itemIds.add(sourced.event().itemId());
            }
        }
        // Documents this worker wrote lately come from its caches; the rest from the store.
        Map<String, Stored<UserFeatures>> users = new HashMap<>();
        var usersRead = features.users(fromCache(userCache, byUser.keySet(), users));
        Map<String, Stored<ItemFeatures>> items = new HashMap<>();
        var itemsRead = features.items(fromCache(itemCache, itemIds, items));
        users.putAll(usersRead.await());
        items.putAll(itemsRead.await());

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
            items.putAll(features.items(fromCache(itemCache, coTargets, items)).await());
        }
        items.forEach((itemId, item) -> {
            if (!itemChanges.containsKey(itemId)) {
                itemCache.put(item); // Read but not written: still what the store held.
            }
        });

        // Users before items: the items' co-engagement pairs come from the users' documents, and only a user's
        // successful conditional write proves the document they came from was current. A stale one (another worker
        // held the shard meanwhile) must not reach the items, whose watermarks would then make the retry skip them.
        var userWrites = changedUsers.stream().map(features::putUser).toList();
        io.vertx.core.Future.join(new ArrayList<>(userWrites)).await();
        for (int i = 0; i < userWrites.size(); i++) {
            if (userWrites.get(i).result()) {
                userCache.put(changedUsers.get(i));
            }
        }
        for (int i = 0; i < userWrites.size(); i++) {
            if (!userWrites.get(i).result()) {
                throw new ConcurrentShardWriterException(
                        "user " + changedUsers.get(i).id() + " of shard " + shardId
                                + " was written by another worker; the batch is retried");
            }
        }
        List<io.vertx.core.Future<Boolean>> itemWrites = new ArrayList<>();
        itemChanges.forEach(
                (itemId, changes) -> itemWrites.add(writeItem(shardId, itemId, items.get(itemId), changes)));
        io.vertx.core.Future.join(new ArrayList<>(itemWrites)).await();
        int itemsWritten =
                (int) itemWrites.stream().filter(write -> write.result()).count();
        return new Result(changedUsers.size(), itemsWritten, duplicates);
    }

    /**
     * Takes what the cache has of {@code ids} into {@code found} and returns the rest, to be read from the store.
     */
    private static <T> Set<String> fromCache(DocumentCache<T> cache, Set<String> ids, Map<String, Stored<T>> found) {
        Set<String> missing = new LinkedHashSet<>();
        for (String id : ids) {
            Stored<T> cached = cache.take(id);
            if (cached != null) {
                found.put(id, cached);
            } else {
                missing.add(id);
            }
        }
        return missing;
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
            if (InteractionFold.isItemEvent(event.type())) {
                itemChanges
                        .computeIfAbsent(event.itemId(), ignored -> new ArrayList<>())
                        .add(new ItemChange(sequence, event, null));
                if (InteractionFold.isEngagement(event.type())) {
                    for (String earlier : InteractionFold.engagedBefore(user, sequence, event.itemId())) {
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
            Stored<ItemFeatures> item = items.get(event.itemId());
            InteractionFold.applyToUser(user, event, sequence, item == null ? null : item.features());
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
                if (line.latest != null) {
                    itemCache.put(line.latest); // What the store holds, as far as this worker knows.
                }
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
            for (int i = 0; i < group.size(); i++) {
                Submission submission = group.get(i);
                if (result.succeeded()) {
                    // One write for the whole group: counted for the first submission only.
                    submission.written().complete(i == 0 && result.result());
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
                if (change.coEngagedWith() != null) {
                    InteractionFold.coEngage(item, change.coEngagedWith());
                } else {
                    InteractionFold.applyToItem(item, engagers, change.event());
                }
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
}

package io.glint.training.examples;

import io.glint.domain.features.EngagerSketch;
import io.glint.domain.features.InteractionFold;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.domain.features.WindowedCounter;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.events.InteractionEvent;
import io.glint.training.Progress;
import io.glint.training.data.Catalog;
import io.glint.training.data.Dataset;
import java.time.Instant;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Replays a data set's events in time order through {@link InteractionFold} into in-memory feature documents, exactly
 * as the stream workers apply them live (see {@code FeatureUpdater}): for an engagement, the item is paired with the
 * user's earlier engaged items in both directions ({@code coEngage}), then the user's document is updated with the item
 * as it was before this event, then the item's. Each event gets its own position, an increasing counter, as the
 * sequence number. Items of the catalog start with the catalog's categories (as the image analysis would have written
 * them), so category affinities form as they do in the app.
 *
 * <p>At chosen events, a listener sees the state just before the event: feature views and vectors are built with the
 * same {@link RankingFeatures#vector} the recommendation service scores with. Item views are cached per item version
 * and time, since a view copies the document's maps.
 *
 * <p>Not thread-safe; one replay per instance.
 */
public final class FeatureReplay {
    /** The first sequence number; starting at 10^15 keeps every position the same length (16 digits). */
    static final long FIRST_SEQUENCE = 1_000_000_000_000_000L;

    /** What a replay calls back. */
    public interface Listener {
        /**
         * Called just before a snapshot event is applied (or passed over, when it is held out).
         *
         * @param event the event's index in the data set
         */
        void before(int event, FeatureReplay state);

        /**
         * Called after each applied engagement.
         *
         * @param firstTime whether it was the user's first engagement with the item
         */
        default void engaged(int event, FeatureReplay state, boolean firstTime) {}
    }

    private final Dataset data;
    private final IntFunction<String> eventIds;
    private final UserFeatures[] users;
    private final long[] userVersions;
    private final ItemFeatures[] items;
    private final EngagerSketch[] sketches;
    private final long[] itemVersions;
    private final int[] engagers;
    private final ItemFeatures.View[] cachedViews;
    private final long[] cachedVersions;
    private final long[] cachedTimes;
    private final LongSet interacted;
    private final int[] interactedCount;
    private long applied;
    private boolean ran;

    /** A replay whose events are named {@code e<index>}: ids do not matter to the features. */
    public FeatureReplay(Dataset data) {
        this(data, event -> "e" + event);
    }

    /**
     * A replay with the events' own ids, which the user documents remember (the last {@value
     * UserFeatures#SEEN_EVENTS}) as the stream workers' do.
     *
     * @param eventIds the id of the event at an index of the data set
     */
    public FeatureReplay(Dataset data, IntFunction<String> eventIds) {
        this.data = Objects.requireNonNull(data, "data");
        this.eventIds = Objects.requireNonNull(eventIds, "eventIds");
        users = new UserFeatures[data.userCount()];
        userVersions = new long[data.userCount()];
        int itemCount = data.itemCount();
        items = new ItemFeatures[itemCount];
        sketches = new EngagerSketch[itemCount];
        itemVersions = new long[itemCount];
        engagers = new int[itemCount];
        cachedViews = new ItemFeatures.View[itemCount];
        cachedVersions = new long[itemCount];
        cachedTimes = new long[itemCount];
        interacted = new LongSet(Math.max(16, data.size() / 2));
        interactedCount = new int[data.userCount()];
    }

    /**
     * Replays every event that is not held out, calling the listener before each snapshot event.
     *
     * @param heldOut events not to apply
     * @param snapshots events to call {@link Listener#before} for, ascending
     * @throws IllegalStateException when called a second time
     */
    public void run(BitSet heldOut, int[] snapshots, Listener listener, Progress.Stage stage) {
        if (ran) {
            throw new IllegalStateException("a replay runs once");
        }
        ran = true;
        int next = 0;
        int n = data.size();
        for (int k = 0; k < n; k++) {
            while (next < snapshots.length && snapshots[next] < k) {
                next++;
            }
            if (next < snapshots.length && snapshots[next] == k) {
                listener.before(k, this);
                next++;
            }
            if (!heldOut.get(k)) {
                apply(k, listener);
            }
            if (stage != null && (k & 1023) == 1023) {
                stage.set(k + 1);
            }
        }
        if (stage != null) {
            stage.set(n);
        }
    }

    /** How many events were applied. */
    public long appliedEvents() {
        return applied;
    }

    private void apply(int k, Listener listener) {
        int u = data.user(k);
        int i = data.item(k);
        String sequence = Long.toString(FIRST_SEQUENCE + k);
        InteractionEvent event = new InteractionEvent(
                eventIds.apply(k),
                data.userId(u),
                data.itemId(i),
                data.type(k),
                data.ts(k),
                data.context(k),
                InteractionEvent.SCHEMA_VERSION);
        UserFeatures user = user(u);
        if (InteractionFold.isItemEvent(event.type())) {
            ItemFeatures item = item(i);
            boolean engagement = InteractionFold.isEngagement(event.type());
            if (engagement) {
                // Pairs first: they need the user's engagements before this one.
                for (String earlier : InteractionFold.engagedBefore(user, sequence, event.itemId())) {
                    int other = data.itemIndex(earlier);
                    InteractionFold.coEngage(item, earlier);
                    InteractionFold.coEngage(item(other), event.itemId());
                    itemVersions[other]++;
                }
            }
            // The user sees the item as it was before this event, as the stream workers' user pass does.
            InteractionFold.applyToUser(user, event, sequence, item);
            InteractionFold.applyToItem(item, sketches[i], event);
            itemVersions[i]++;
            if (engagement) {
                boolean first = interacted.add(LongSet.pair(u, i));
                if (first) {
                    interactedCount[u]++;
                    engagers[i]++;
                }
                userVersions[u]++;
                applied++;
                listener.engaged(k, this, first);
                return;
            }
        } else {
            // A follow names a user; the live user pass looks it up among items and finds none.
            InteractionFold.applyToUser(user, event, sequence, null);
        }
        userVersions[u]++;
        applied++;
    }

    /** The user's document (created empty on first use). */
    UserFeatures user(int u) {
        UserFeatures user = users[u];
        if (user == null) {
            user = UserFeatures.empty(data.userId(u));
            users[u] = user;
        }
        return user;
    }

    /** The item's document (created with its catalog categories on first use). */
    ItemFeatures item(int i) {
        ItemFeatures item = items[i];
        if (item == null) {
            item = ItemFeatures.empty(data.itemId(i));
            Catalog.Entry entry = data.catalog().get(data.itemId(i));
            if (entry != null && !entry.categories().isEmpty()) {
                item.labels(List.of(), entry.categories());
            }
            items[i] = item;
            sketches[i] = EngagerSketch.empty();
        }
        return item;
    }

    /** The user's features as of {@code now}. */
    public UserFeatures.View userView(int u, Instant now) {
        return user(u).view(now, userVersions[u]);
    }

    /**
     * The item's features as of {@code now}: equal to {@code item.view(now, version)} (which {@code
     * FeatureReplayTest} checks), built cheaply. {@link ItemFeatures#view} re-encodes and decodes the engager sketch
     * and copies the co-engagement map (up to 100 entries), which dominated the replay's time; here the sketch stays
     * decoded, the map is handed out read-only without a copy (a view is used before the next event changes the
     * item, and a cached one only while the item's version is unchanged), and a view of an unchanged item is only
     * re-timed: just the counters' windows and the hourly velocity depend on the time.
     */
    public ItemFeatures.View itemView(int i, Instant now) {
        long time = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        ItemFeatures.View view = cachedViews[i];
        if (view != null && cachedVersions[i] == itemVersions[i]) {
            if (cachedTimes[i] == time) {
                return view;
            }
            view = retimed(items[i], view, now);
        } else {
            ItemFeatures item = item(i);
            view = retimed(
                    item,
                    new ItemFeatures.View(
                            item.itemId(),
                            item.schemaVersion(),
                            itemVersions[i],
                            item.authorId(),
                            List.copyOf(item.labels()),
                            List.copyOf(item.categories()),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            sketches[i].estimate(),
                            likeRate(item),
                            0,
                            item.firstSeenAt(),
                            item.lastSeenAt(),
                            Collections.unmodifiableMap(item.coEngaged())),
                    now);
        }
        cachedViews[i] = view;
        cachedVersions[i] = itemVersions[i];
        cachedTimes[i] = time;
        return view;
    }

    /** As {@link ItemFeatures#view} derives it: likes net of unlikes per view, all time. */
    private static double likeRate(ItemFeatures item) {
        long views = item.counter("view").total();
        long likes = item.counter("like").total();
        long unlikes = item.counter("unlike").total();
        return views == 0 ? 0 : (double) (likes - unlikes) / views;
    }

    /**
     * The user's document as the stream workers would store it after the events applied so far (created empty for a
     * user without any).
     */
    public UserFeatures userDocument(int u) {
        return user(u);
    }

    /**
     * The item's document as the stream workers would store it after the events applied so far, engager sketch written
     * back (created with its catalog categories for an item without events).
     */
    public ItemFeatures itemDocument(int i) {
        ItemFeatures item = item(i);
        item.engagers(sketches[i]);
        return item;
    }

    /** A view of the same item version at another time: as {@link ItemFeatures#view} derives it. */
    static ItemFeatures.View retimed(ItemFeatures item, ItemFeatures.View view, Instant now) {
        WindowedCounter.Windows viewed = item.counter("view").windows(now);
        WindowedCounter.Windows liked = item.counter("like").windows(now);
        WindowedCounter.Windows commented = item.counter("comment").windows(now);
        WindowedCounter.Windows bought = item.counter("purchase").windows(now);
        double velocity = viewed.last1h() + 3.0 * liked.last1h() + 4.0 * commented.last1h() + 5.0 * bought.last1h();
        return new ItemFeatures.View(
                view.itemId(),
                view.schemaVersion(),
                view.version(),
                view.authorId(),
                view.labels(),
                view.categories(),
                viewed,
                item.counter("impression").windows(now),
                liked,
                item.counter("unlike").windows(now),
                commented,
                bought,
                view.uniqueEngagers(),
                view.likeRate(), // Totals only: the same at any time.
                velocity,
                view.firstSeenAt(),
                view.lastSeenAt(),
                view.coEngaged());
    }

    /** The ranking feature vector of (user, item) as of {@code now}: the serving code's, over the replayed state. */
    public float[] vector(UserFeatures.View user, int item, Instant now) {
        return RankingFeatures.vector(user, itemView(item, now), now);
    }

    /** Whether the user engaged with the item in the events applied so far. */
    public boolean interacted(int user, int item) {
        return interacted.contains(LongSet.pair(user, item));
    }

    /** How many distinct items the user engaged with so far. */
    public int interactedCount(int user) {
        return interactedCount[user];
    }

    /** How many distinct users engaged with the item so far. */
    public int engagers(int item) {
        return engagers[item];
    }
}

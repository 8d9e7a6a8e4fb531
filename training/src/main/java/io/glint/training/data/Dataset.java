package io.glint.training.data;

import io.glint.domain.features.InteractionFold;
import io.glint.events.EventType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every interaction of a data set in time order (ties keep the source's order), held compactly: users and items as
 * dense indexes into two dictionaries, one entry per event in a few primitive arrays (MovieLens 1M: 1.6 million events
 * in about 40 MB). The catalogue is the set of items one can recommend: those of the catalog file and those any item
 * event names (a follow names a user, not an item).
 */
public final class Dataset {
    private static final long NANOS = 1_000_000_000L;
    private static final EventType[] TYPES = EventType.values();

    private final List<String> userIds;
    private final List<String> itemIds;
    private final Map<String, Integer> itemIndex;
    private final boolean[] inCatalogue;
    private final int[] catalogueItems;
    private final int[] users;
    private final int[] items;
    private final byte[] types;
    private final long[] times;
    private final Map<Integer, Map<String, String>> contexts;
    private final int[] arrivals;
    private final Catalog catalog;
    private final long lines;
    private final String description;

    private Dataset(Builder builder, int[] order, long lines, String description) {
        this.userIds = List.copyOf(builder.userIds);
        this.itemIds = List.copyOf(builder.itemIds);
        this.itemIndex = Map.copyOf(builder.itemIndex);
        this.catalog = builder.catalog;
        this.lines = lines;
        this.description = description;
        int n = order.length;
        arrivals = order;
        users = new int[n];
        items = new int[n];
        types = new byte[n];
        times = new long[n];
        contexts = new HashMap<>();
        for (int k = 0; k < n; k++) {
            int from = order[k];
            users[k] = builder.users[from];
            items[k] = builder.items[from];
            types[k] = builder.types[from];
            times[k] = builder.times[from];
            Map<String, String> context = builder.contexts.get(from);
            if (context != null) {
                contexts.put(k, context);
            }
        }
        inCatalogue = Arrays.copyOf(builder.inCatalogue, itemIds.size());
        int count = 0;
        for (boolean in : inCatalogue) {
            count += in ? 1 : 0;
        }
        catalogueItems = new int[count];
        for (int i = 0, at = 0; i < inCatalogue.length; i++) {
            if (inCatalogue[i]) {
                catalogueItems[at++] = i;
            }
        }
    }

    /**
     * Reads a source into a data set.
     *
     * @throws DataFileException at the source's first bad line
     * @throws IOException when the source cannot be read
     */
    public static Dataset read(InteractionSource source, Catalog catalog) throws IOException {
        Builder builder = new Builder(catalog);
        long lines = source.read(builder);
        return builder.build(lines, source.description());
    }

    /** Collects events in any order; {@link #build} sorts them by time. */
    public static Builder builder(Catalog catalog) {
        return new Builder(catalog);
    }

    /** The number of events. */
    public int size() {
        return users.length;
    }

    /** The lines (or records) the source read. */
    public long lines() {
        return lines;
    }

    public String description() {
        return description;
    }

    public int userCount() {
        return userIds.size();
    }

    /** The number of item ids, catalogue items and follow targets alike. */
    public int itemCount() {
        return itemIds.size();
    }

    public String userId(int user) {
        return userIds.get(user);
    }

    public String itemId(int item) {
        return itemIds.get(item);
    }

    /** The index of an item id, or -1. */
    public int itemIndex(String itemId) {
        return itemIndex.getOrDefault(itemId, -1);
    }

    public int user(int event) {
        return users[event];
    }

    public int item(int event) {
        return items[event];
    }

    public EventType type(int event) {
        return TYPES[types[event]];
    }

    /** The event's time in nanoseconds since the epoch. */
    public long timeNanos(int event) {
        return times[event];
    }

    public Instant ts(int event) {
        long nanos = times[event];
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS), Math.floorMod(nanos, NANOS));
    }

    /** The position at which the source handed the event over (0 for the first), before the sort by time. */
    public int arrival(int event) {
        return arrivals[event];
    }

    public Map<String, String> context(int event) {
        return contexts.getOrDefault(event, Map.of());
    }

    /** Whether the event is about an item (not a follow) and shows interest (view, like, comment, purchase). */
    public boolean isEngagement(int event) {
        return InteractionFold.isEngagement(type(event));
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Whether an item can be recommended: it is in the catalog or some item event names it. */
    public boolean inCatalogue(int item) {
        return item < inCatalogue.length && inCatalogue[item];
    }

    /** The catalogue's items, ascending. */
    public int[] catalogueItems() {
        return catalogueItems.clone();
    }

    public int catalogueSize() {
        return catalogueItems.length;
    }

    /** Collects events, then sorts them. Not thread-safe. */
    public static final class Builder implements InteractionSink {
        private Catalog catalog;
        private final List<String> userIds = new ArrayList<>();
        private final Map<String, Integer> userIndex = new HashMap<>();
        private final List<String> itemIds = new ArrayList<>();
        private final Map<String, Integer> itemIndex = new HashMap<>();
        private boolean[] inCatalogue = new boolean[1024];
        private int[] users = new int[1024];
        private int[] items = new int[1024];
        private byte[] types = new byte[1024];
        private long[] times = new long[1024];
        private final Map<Integer, Map<String, String>> contexts = new HashMap<>();
        private int size;

        private Builder(Catalog catalog) {
            this.catalog = Catalog.empty();
            catalog(catalog);
        }

        /**
         * Sets the catalog when it depends on the interactions (the catalog table, read for the items seen): its items
         * join the catalogue.
         *
         * @throws IllegalStateException when the builder already has a non-empty catalog
         */
        public Builder catalog(Catalog newCatalog) {
            Objects.requireNonNull(newCatalog, "catalog");
            if (catalog.size() > 0) {
                throw new IllegalStateException("the data set already has a catalog");
            }
            catalog = newCatalog;
            for (String itemId : newCatalog.items().keySet()) {
                markCatalogue(item(itemId));
            }
            return this;
        }

        /** The catalog so far. */
        public Catalog catalog() {
            return catalog;
        }

        /** The catalogue's item ids so far (the catalog's and those item events named), in first-seen order. */
        public List<String> catalogueItemIds() {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < itemIds.size(); i++) {
                if (i < inCatalogue.length && inCatalogue[i]) {
                    ids.add(itemIds.get(i));
                }
            }
            return ids;
        }

        /** The number of events so far. */
        public int size() {
            return size;
        }

        /**
         * {@inheritDoc}
         *
         * @throws IllegalArgumentException when the time is beyond what nanoseconds since the epoch hold (years 1678 to
         *     2262)
         */
        @Override
        public void accept(String userId, String itemId, EventType type, Instant ts, Map<String, String> context) {
            long nanos;
            try {
                nanos = Math.addExact(Math.multiplyExact(ts.getEpochSecond(), NANOS), ts.getNano());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("time " + ts + " is out of range (years 1678 to 2262)", e);
            }
            if (size == users.length) {
                int grown = size * 2;
                users = Arrays.copyOf(users, grown);
                items = Arrays.copyOf(items, grown);
                types = Arrays.copyOf(types, grown);
                times = Arrays.copyOf(times, grown);
            }
            users[size] = userIndex.computeIfAbsent(userId, id -> {
                userIds.add(id);
                return userIds.size() - 1;
            });
            int item = item(itemId);
            if (InteractionFold.isItemEvent(type)) {
                markCatalogue(item);
            }
            items[size] = item;
            types[size] = (byte) type.ordinal();
            times[size] = nanos;
            if (context != null && !context.isEmpty()) {
                contexts.put(size, Map.copyOf(context));
            }
            size++;
        }

        /** The data set, in time order; ties keep the order of arrival. */
        public Dataset build(long lines, String description) {
            // Sort by (time, arrival) on primitives: time ranks in the high half of a long, arrival in the low half.
            long[] distinct = Arrays.copyOf(times, size);
            Arrays.sort(distinct);
            long[] keys = new long[size];
            for (int k = 0; k < size; k++) {
                long rank = Arrays.binarySearch(distinct, times[k]);
                keys[k] = (rank << 32) | k;
            }
            Arrays.sort(keys);
            int[] order = new int[size];
            for (int k = 0; k < size; k++) {
                order[k] = (int) keys[k];
            }
            return new Dataset(this, order, lines, description);
        }

        private int item(String itemId) {
            return itemIndex.computeIfAbsent(itemId, id -> {
                itemIds.add(id);
                return itemIds.size() - 1;
            });
        }

        private void markCatalogue(int item) {
            if (item >= inCatalogue.length) {
                inCatalogue = Arrays.copyOf(inCatalogue, Math.max(item + 1, inCatalogue.length * 2));
            }
            inCatalogue[item] = true;
        }
    }
}

package io.glint.domain.candidates;

import io.glint.domain.features.ItemFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Builds the candidate lists from every item's features, in one pass and bounded memory: a bounded heap per list.
 * Popular lists rank by distinct engagers (all time: a catalogue imported from an old data set has no recent
 * activity); trending ranks by weighted engagements in the last hour, then the last day, and holds only items with
 * some. Category and label lists exist for the {@value #MAX_LISTS_PER_KIND} categories and labels with the most items.
 * Not thread-safe.
 */
public final class CandidateListBuilder {
    public static final int MAX_LISTS_PER_KIND = 300;

    private final int maxEntries;
    private final Top popular;
    private final Top trending;
    private final Map<String, Top> categories = new HashMap<>();
    private final Map<String, Top> labels = new HashMap<>();
    private long items;

    public CandidateListBuilder() {
        this(CandidateList.MAX_ENTRIES);
    }

    public CandidateListBuilder(int maxEntries) {
        this.maxEntries = maxEntries;
        this.popular = new Top(maxEntries);
        this.trending = new Top(maxEntries);
    }

    /** Takes one item into every list it belongs to. */
    public void add(ItemFeatures.View item) {
        items++;
        double popularity = item.uniqueEngagers();
        popular.offer(item.itemId(), popularity);
        double trend = item.engagementVelocity()
                + 0.01
                        * (item.views().last24h()
                                + 3.0 * item.likes().last24h()
                                + 4.0 * item.comments().last24h()
                                + 5.0 * item.purchases().last24h());
        if (trend > 0) {
            trending.offer(item.itemId(), trend);
        }
        for (String category : item.categories()) {
            categories
                    .computeIfAbsent(CandidateList.category(category), ignored -> new Top(maxEntries))
                    .offer(item.itemId(), popularity);
        }
        for (String label : item.labels()) {
            labels.computeIfAbsent(CandidateList.label(label), ignored -> new Top(maxEntries))
                    .offer(item.itemId(), popularity);
        }
    }

    /** How many items were added. */
    public long items() {
        return items;
    }

    /** The lists, each best first, and the {@link CandidateList#DIRECTORY directory} of the category and label lists. */
    public List<CandidateList> build(Instant computedAt) {
        List<CandidateList> lists = new ArrayList<>();
        lists.add(popular.list(CandidateList.POPULAR, computedAt));
        lists.add(trending.list(CandidateList.TRENDING, computedAt));
        List<CandidateList> byKind = new ArrayList<>(largest(categories, computedAt));
        byKind.addAll(largest(labels, computedAt));
        lists.addAll(byKind);
        List<CandidateList.Entry> directory = new ArrayList<>();
        for (CandidateList list : byKind) {
            Top top = list.name().startsWith("label:") ? labels.get(list.name()) : categories.get(list.name());
            directory.add(new CandidateList.Entry(list.name(), top.seen));
        }
        directory.sort(Comparator.comparingDouble(CandidateList.Entry::score)
                .reversed()
                .thenComparing(CandidateList.Entry::itemId));
        lists.add(new CandidateList(CandidateList.DIRECTORY, directory, computedAt));
        return lists;
    }

    private static List<CandidateList> largest(Map<String, Top> byName, Instant computedAt) {
        return byName.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Top>>comparingLong(entry -> entry.getValue().seen)
                        .reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(MAX_LISTS_PER_KIND)
                .map(entry -> entry.getValue().list(entry.getKey(), computedAt))
                .toList();
    }

    /** The best {@code capacity} items offered, by score, then item id for a stable order. */
    private static final class Top {
        private static final Comparator<CandidateList.Entry> WORST_FIRST = Comparator.comparingDouble(
                        CandidateList.Entry::score)
                .thenComparing(CandidateList.Entry::itemId, Comparator.reverseOrder());

        private final int capacity;
        private final PriorityQueue<CandidateList.Entry> heap = new PriorityQueue<>(WORST_FIRST);
        private long seen;

        Top(int capacity) {
            this.capacity = capacity;
        }

        void offer(String itemId, double score) {
            seen++;
            CandidateList.Entry entry = new CandidateList.Entry(itemId, score);
            if (heap.size() < capacity) {
                heap.add(entry);
            } else if (WORST_FIRST.compare(entry, heap.peek()) > 0) {
                heap.poll();
                heap.add(entry);
            }
        }

        CandidateList list(String name, Instant computedAt) {
            List<CandidateList.Entry> best = new ArrayList<>(heap);
            best.sort(WORST_FIRST.reversed());
            return new CandidateList(name, best, computedAt);
        }
    }
}

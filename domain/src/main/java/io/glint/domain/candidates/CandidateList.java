package io.glint.domain.candidates;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A precomputed list of items to recommend from, best first: what is popular, what is trending, what is popular in a
 * category or with a label. The candidate indexer rebuilds the lists from the item features every minute or so; a
 * request reads the few it needs together with the user's features, in the same {@code BatchGetItem}.
 *
 * @param name {@link #POPULAR}, {@link #TRENDING}, or made by {@link #category} / {@link #label}
 * @param entries at most {@link #MAX_ENTRIES}, best first
 * @param computedAt when the indexer built it
 */
public record CandidateList(String name, List<Entry> entries, Instant computedAt) {
    public static final String POPULAR = "popular";
    public static final String TRENDING = "trending";
    public static final int MAX_ENTRIES = 200;
    /**
     * The list of the category and label lists: each entry's id is a list's name ({@code category:…} or {@code
     * label:…}), its score how many items the category or label has. What the explore page offers.
     */
    public static final String DIRECTORY = "directory";

    private static final Pattern UNSAFE = Pattern.compile("[^\\p{L}\\p{N} _.&'-]");

    /** An item and the score it is listed by (engagers for popular lists, weighted engagements per hour for trending). */
    public record Entry(String itemId, double score) {
        public Entry {
            Objects.requireNonNull(itemId, "itemId");
        }
    }

    public CandidateList {
        Objects.requireNonNull(name, "name");
        entries = List.copyOf(entries);
        Objects.requireNonNull(computedAt, "computedAt");
    }

    /** The label a directory entry names, or null for another name. */
    public static String labelOf(String listName) {
        return listName.startsWith("label:") ? listName.substring("label:".length()) : null;
    }

    /** The category a directory entry names, or null for another name. */
    public static String categoryOf(String listName) {
        return listName.startsWith("category:") ? listName.substring("category:".length()) : null;
    }

    /** The name of the list of what is popular in a category. */
    public static String category(String category) {
        return "category:" + normalise(category);
    }

    /** The name of the list of what is popular with a label (what image analysis saw). */
    public static String label(String label) {
        return "label:" + normalise(label);
    }

    private static String normalise(String value) {
        String cleaned =
                UNSAFE.matcher(value.strip().toLowerCase(java.util.Locale.ROOT)).replaceAll("");
        return cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
    }
}

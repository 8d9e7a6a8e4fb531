package io.glint.training.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is known of the items before any interaction: titles and categories (MovieLens genres, or an app's product
 * categories). The categories become the items' {@code categories} feature (as the image analysis would write them), so
 * that a user's category affinity can form.
 *
 * @param items by item id, in file order
 */
public record Catalog(Map<String, Entry> items) {
    /** One item: its title (may be empty) and categories (distinct, in file order). */
    public record Entry(String itemId, String title, List<String> categories) {
        public Entry {
            Objects.requireNonNull(itemId, "itemId");
            title = title == null ? "" : title;
            categories = List.copyOf(categories);
        }
    }

    public Catalog {
        items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    }

    public static Catalog empty() {
        return new Catalog(Map.of());
    }

    public Entry get(String itemId) {
        return items.get(itemId);
    }

    public int size() {
        return items.size();
    }

    /** Every distinct category, in first-seen order. */
    public List<String> categories() {
        return items.values().stream()
                .flatMap(entry -> entry.categories().stream())
                .distinct()
                .toList();
    }
}

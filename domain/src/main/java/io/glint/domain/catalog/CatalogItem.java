package io.glint.domain.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A catalog product: an item that is not a post (a film, a print, anything a data set or a shop brings), recommended
 * alongside posts.
 *
 * @param itemId the item's id in interactions and features
 * @param title what people see
 * @param categories its departments or genres, most specific last; what category affinities are about
 * @param attributes anything else the catalog says (brand, year, price), as text
 * @param active whether it may be recommended at all
 * @param stock units in stock, or empty when the catalog does not track stock (never out of stock)
 * @param updatedAt when the catalog last changed it
 */
public record CatalogItem(
        String itemId,
        String title,
        List<String> categories,
        Map<String, String> attributes,
        boolean active,
        Optional<Long> stock,
        Instant updatedAt) {
    public CatalogItem {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(title, "title");
        categories = List.copyOf(categories);
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(stock, "stock");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Whether it may be recommended now: active and not out of stock. */
    public boolean available() {
        return active && stock.map(units -> units > 0).orElse(true);
    }
}

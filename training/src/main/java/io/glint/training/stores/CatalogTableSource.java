package io.glint.training.stores;

import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.catalog.CatalogRepository;
import io.glint.training.data.Catalog;
import io.glint.training.data.CatalogSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The catalog table as a run's catalog: the rows of the items the interactions name, read after them, in chunks (a
 * chunk's keys go out as parallel {@code BatchGetItem}s of 100). Items without a row (posts, whose categories come with
 * their {@code post_published} event) have no catalog entry. Inactive products keep their categories: they were
 * recommendable when the interactions happened.
 */
public final class CatalogTableSource implements CatalogSource {
    /** Item ids per round of reads. */
    static final int CHUNK = 1_000;

    private final CatalogRepository catalog;
    private final String table;

    /**
     * @param table the table's name, for messages and the report
     */
    public CatalogTableSource(CatalogRepository catalog, String table) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public String description() {
        return "table " + table;
    }

    @Override
    public boolean needsItemIds() {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * @throws RuntimeException when DynamoDB fails (after the SDK's retries)
     */
    @Override
    public Catalog load(Collection<String> itemIds) {
        List<String> ids = new ArrayList<>(itemIds);
        Map<String, CatalogItem> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            for (CatalogItem item : catalog.findAll(ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                    .await()) {
                found.put(item.itemId(), item);
            }
        }
        // In the order the interactions named the items: the data set's item order stays the same from run to run.
        Map<String, Catalog.Entry> entries = new LinkedHashMap<>();
        for (String id : ids) {
            CatalogItem item = found.get(id);
            if (item != null) {
                entries.put(id, new Catalog.Entry(id, item.title(), item.categories()));
            }
        }
        return new Catalog(entries);
    }
}

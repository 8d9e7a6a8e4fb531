package io.glint.domain.catalog;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;

/** Catalog products. */
public interface CatalogRepository {
    /** Stores the items, replacing any stored under the same ids. */
    Future<Void> putAll(List<CatalogItem> items);

    /** The stored items among {@code itemIds}, in no particular order (eventually consistent). */
    Future<List<CatalogItem>> findAll(Collection<String> itemIds);
}

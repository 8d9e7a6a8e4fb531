package io.glint.api.fakes;

import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.catalog.CatalogRepository;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Catalog products in a map. */
public final class InMemoryCatalog implements CatalogRepository {
    public final Map<String, CatalogItem> items = new ConcurrentHashMap<>();

    @Override
    public Future<Void> putAll(List<CatalogItem> products) {
        products.forEach(product -> items.put(product.itemId(), product));
        return Future.succeededFuture();
    }

    @Override
    public Future<List<CatalogItem>> findAll(Collection<String> itemIds) {
        return Future.succeededFuture(
                itemIds.stream().map(items::get).filter(Objects::nonNull).toList());
    }
}

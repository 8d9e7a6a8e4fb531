package io.glint.api.recommend;

import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.catalog.CatalogRepository;
import io.glint.domain.features.FeatureReads;
import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads what there is of candidate items: what {@link ItemCache} loads and refreshes its entries with. */
@FunctionalInterface
public interface ItemReader {

    /**
     * Reads {@code ids} in one round.
     *
     * @return what was read of each id (an id there is nothing of may be absent); a future failed with the store's
     *     error when a read fails
     */
    Future<Map<String, ItemCache.Known>> read(List<String> ids);

    /**
     * Each item's features, post and catalog entry, read in parallel: one {@code BatchGetItem} round of each table
     * (the features as of the read's time by {@code clock}).
     */
    static ItemReader of(FeatureReads features, PostRepository posts, CatalogRepository catalog, Clock clock) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(posts, "posts");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(clock, "clock");
        return ids -> {
            Future<FeatureReads.Snapshot> read = features.read(null, ids, List.of(), clock.instant());
            Future<List<Post>> found = posts.findAll(ids);
            Future<List<CatalogItem>> products = catalog.findAll(ids);
            return Future.all(read, found, products).map(done -> {
                Map<String, Post> postsById = found.result().stream()
                        .collect(Collectors.toMap(Post::postId, Function.identity(), (a, b) -> a));
                Map<String, CatalogItem> productsById = products.result().stream()
                        .collect(Collectors.toMap(CatalogItem::itemId, Function.identity(), (a, b) -> a));
                Map<String, ItemCache.Known> known = new HashMap<>();
                for (String id : ids) {
                    known.put(
                            id,
                            new ItemCache.Known(
                                    read.result().items().get(id), postsById.get(id), productsById.get(id)));
                }
                return known;
            });
        };
    }
}

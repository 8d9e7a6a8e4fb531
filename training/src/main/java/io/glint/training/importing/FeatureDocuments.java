package io.glint.training.importing;

import io.glint.domain.features.FeatureRepository;
import io.glint.domain.features.FeatureRepository.Stored;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.training.Progress;
import io.glint.training.stores.BoundedParallel;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Writes an import's user and item documents to the feature store.
 *
 * <p><b>New documents</b> are created at version 1 with no watermarks (a conditional create): the stream workers apply
 * the next live event of the user or item on top, as they would to a document they had written themselves.
 *
 * <p><b>Replacing</b> ({@code --replace}): a stored document is overwritten with the import's, at its stored version +
 * 1, conditional on that version, and keeps its watermarks, so the stream workers carry on from the records they had
 * applied without applying any again. What the live system had added to the document is replaced, not merged: an
 * import loads a data set. A document that changes between the read and the write (a live event) is read again and
 * written again, up to {@value #ATTEMPTS} times.
 */
public final class FeatureDocuments {
    /** Writes in flight. */
    public static final int IN_FLIGHT = 64;

    static final int ATTEMPTS = 5;
    /** Ids per round of existence reads (each goes out as parallel {@code BatchGetItem}s of 100 keys). */
    static final int READ_CHUNK = 1_000;

    /** The stored documents among the import's users and items. */
    public record Existing(Map<String, Stored<UserFeatures>> users, Map<String, Stored<ItemFeatures>> items) {
        public boolean isEmpty() {
            return users.isEmpty() && items.isEmpty();
        }

        /** One of them, for a message: {@code user 'u1'} or {@code item 'i3'}. */
        public String example() {
            if (!users.isEmpty()) {
                return "user '" + users.keySet().stream().sorted().findFirst().orElseThrow() + "'";
            }
            return "item '" + items.keySet().stream().sorted().findFirst().orElseThrow() + "'";
        }
    }

    /**
     * What the writes did.
     *
     * @param created documents created at version 1
     * @param replaced stored documents overwritten
     * @param conflicts documents another writer created between the check and the create (not written)
     */
    public record Written(long created, long replaced, long conflicts) {}

    private final FeatureRepository features;

    public FeatureDocuments(FeatureRepository features) {
        this.features = Objects.requireNonNull(features, "features");
    }

    /**
     * Reads which of the import's documents are stored already.
     *
     * @throws RuntimeException when DynamoDB fails
     */
    public Existing existing(PreparedImport prepared) {
        List<String> userIds = IntStream.range(0, prepared.userCount())
                .mapToObj(u -> prepared.user(u).userId())
                .toList();
        List<String> itemIds = IntStream.of(prepared.items())
                .mapToObj(i -> prepared.item(i).itemId())
                .toList();
        return new Existing(read(userIds, features::users), read(itemIds, features::items));
    }

    private static <T> Map<String, Stored<T>> read(
            List<String> ids, Function<List<String>, Future<Map<String, Stored<T>>>> reader) {
        Map<String, Stored<T>> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += READ_CHUNK) {
            found.putAll(reader.apply(ids.subList(from, Math.min(ids.size(), from + READ_CHUNK)))
                    .await());
        }
        return found;
    }

    /**
     * Writes every document: created where none is stored, replacing the stored one where {@code existing} has it.
     *
     * @throws RuntimeException when DynamoDB fails, or a replaced document keeps changing
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    public Written write(PreparedImport prepared, Existing existing, Progress.Stage stage) throws InterruptedException {
        AtomicLong created = new AtomicLong();
        AtomicLong replaced = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        Iterator<Integer> documents = IntStream.range(0, prepared.userCount() + prepared.items().length)
                .boxed()
                .iterator();
        int users = prepared.userCount();
        int[] items = prepared.items();
        BoundedParallel.forEach(
                documents,
                IN_FLIGHT,
                n -> {
                    if (n < users) {
                        UserFeatures user = prepared.user(n);
                        return put(
                                user.userId(),
                                user,
                                existing.users().get(user.userId()),
                                features::putUser,
                                id -> features.users(List.of(id)).map(found -> found.get(id)),
                                created,
                                replaced,
                                conflicts);
                    }
                    ItemFeatures item = prepared.item(items[n - users]);
                    return put(
                            item.itemId(),
                            item,
                            existing.items().get(item.itemId()),
                            features::putItem,
                            id -> features.items(List.of(id)).map(found -> found.get(id)),
                            created,
                            replaced,
                            conflicts);
                },
                stage);
        return new Written(created.get(), replaced.get(), conflicts.get());
    }

    private static <T> Future<Void> put(
            String id,
            T document,
            Stored<T> stored,
            Function<Stored<T>, Future<Boolean>> writer,
            Function<String, Future<Stored<T>>> reader,
            AtomicLong created,
            AtomicLong replaced,
            AtomicLong conflicts) {
        if (stored == null) {
            return writer.apply(new Stored<>(id, 1, Map.of(), document)).map(written -> {
                (written ? created : conflicts).incrementAndGet();
                return null;
            });
        }
        return replace(id, document, stored, writer, reader, 1).map(done -> {
            replaced.incrementAndGet();
            return null;
        });
    }

    private static <T> Future<Void> replace(
            String id,
            T document,
            Stored<T> stored,
            Function<Stored<T>, Future<Boolean>> writer,
            Function<String, Future<Stored<T>>> reader,
            int attempt) {
        Stored<T> next = stored == null
                ? new Stored<>(id, 1, Map.of(), document)
                : new Stored<>(id, stored.version() + 1, stored.watermarks(), document);
        return writer.apply(next).compose(written -> {
            if (written) {
                return Future.succeededFuture();
            }
            if (attempt >= ATTEMPTS) {
                return Future.failedFuture(new IllegalStateException("the feature document of '" + id
                        + "' kept changing during " + attempt + " writes; import again with --replace"));
            }
            return reader.apply(id).compose(again -> replace(id, document, again, writer, reader, attempt + 1));
        });
    }
}

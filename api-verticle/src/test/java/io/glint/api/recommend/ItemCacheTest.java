package io.glint.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Verifies the item cache: served until it expires, read again off the lookup's path, bounded, absence kept too. */
@ExtendWith(VertxExtension.class)
class ItemCacheTest {
    private static final ItemCache.Known KNOWN = new ItemCache.Known(null, Fakes.post("a", "bo", "A"), null);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final Reads reader = new Reads();
    private final ItemCache cache =
            new ItemCache(Duration.ofSeconds(10), 1_000, reader, clock::get, Runnable::run, new SimpleMeterRegistry());

    @Test
    void anEntryIsServedUntilItExpiresAndReadAgainOnceFromWhenItFallsDue() {
        assertThat(get("a")).containsKey("a");
        clock.addAndGet(Duration.ofMillis(5_900).toNanos());
        assertThat(get("a")).containsKey("a");
        assertThat(reader.reads).as("not due before 60 % of the TTL").hasSize(1);

        clock.addAndGet(Duration.ofMillis(2_700).toNanos()); // Past 85 %: due.
        reader.holding = true;
        Future<Map<String, ItemCache.Known>> due = cache.getAll(List.of("a"));
        assertThat(due.isComplete())
                .as("still served while due, without waiting for its refresh")
                .isTrue();
        assertThat(due.result()).containsKey("a");
        assertThat(reader.reads).hasSize(2);
        assertThat(cache.getAll(List.of("a")).isComplete()).isTrue();
        assertThat(reader.reads)
                .as("read again once: the next lookups serve it without refreshing")
                .hasSize(2);

        clock.addAndGet(Duration.ofMillis(1_500).toNanos()); // Past the TTL, never renewed.
        Future<Map<String, ItemCache.Known>> late = cache.getAll(List.of("a"));
        assertThat(late.isComplete()).as("read on the lookup's path").isFalse();
        assertThat(reader.reads).hasSize(3).last().isEqualTo(List.of("a"));
    }

    @Test
    void aRenewedEntryStartsAFreshTtlAndAFailedRefreshIsTakenAgain() {
        get("a", "b");
        clock.addAndGet(Duration.ofMillis(8_600).toNanos());
        reader.holding = true;
        get("a");
        get("b");
        reader.answer(List.of("a")); // Its refresh read it again.
        reader.fail(List.of("b")); // Its refresh failed.

        get("a", "b");
        assertThat(reader.reads.get(reader.reads.size() - 1)).containsExactly("b");

        reader.holding = false;
        clock.addAndGet(Duration.ofMillis(5_000).toNanos()); // 13.6 s after the first read, 5 s after the renewal.
        assertThat(get("a", "b")).containsOnlyKeys("a", "b");
        assertThat(reader.reads.get(reader.reads.size() - 1))
                .as("a is still fresh; b expired and is read on the lookup's path")
                .containsExactly("b");
    }

    @Test
    void entriesReadTogetherAreReadAgainTogetherInOneRoundOffTheLookupsPath() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add("item-" + i);
        }
        cache.getAll(ids);
        clock.addAndGet(Duration.ofMillis(7_250).toNanos());
        reader.holding = true;

        Future<Map<String, ItemCache.Known>> due = cache.getAll(ids);

        assertThat(due.isComplete()).as("served as they are").isTrue();
        assertThat(due.result()).hasSize(200);
        assertThat(reader.reads).hasSize(2);
        assertThat(reader.reads.get(1)).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void absenceIsCachedToo() {
        reader.nothingOf.add("deleted");

        assertThat(get("deleted")).containsEntry("deleted", ItemCache.Known.NOTHING);
        assertThat(get("deleted")).containsEntry("deleted", ItemCache.Known.NOTHING);
        assertThat(reader.reads).hasSize(1);
    }

    @Test
    void aFailedReadFailsTheLookupWithTheReadsErrorAndKeepsNothing() {
        reader.holding = true;
        Future<Map<String, ItemCache.Known>> failed = cache.getAll(List.of("a"));
        reader.fail(List.of("a"));

        assertThat(failed.failed()).isTrue();
        assertThat(failed.cause()).isInstanceOf(IllegalStateException.class).hasMessage("the store is away");
        reader.holding = false;
        assertThat(get("a")).containsKey("a");
        assertThat(reader.reads).hasSize(2);
    }

    @Test
    void cachedFindsOnlyWhatWasReadAndReadsNothing() {
        assertThat(cache.cached(List.of("a"))).isEmpty();
        get("a");

        assertThat(cache.cached(List.of("a", "b"))).containsOnlyKeys("a");
        assertThat(reader.reads).hasSize(1);
    }

    @Test
    void aZeroTtlKeepsNothing() {
        ItemCache off = new ItemCache(Duration.ZERO, reader, new SimpleMeterRegistry());

        off.getAll(List.of("a"));
        off.getAll(List.of("a"));

        assertThat(reader.reads).hasSize(2);
        assertThat(off.cached(List.of("a"))).isEmpty();
    }

    @Test
    void aLookupCompletesOnItsCallersContextWhateverThreadTheReadCompletesOn(Vertx vertx, VertxTestContext test) {
        ItemReader elsewhere = ids -> {
            Promise<Map<String, ItemCache.Known>> read = Promise.promise();
            CompletableFuture.runAsync(() -> read.complete(Map.of("a", KNOWN)), ForkJoinPool.commonPool());
            return read.future();
        };
        ItemCache items = new ItemCache(Duration.ofSeconds(10), elsewhere, new SimpleMeterRegistry());
        Context context = vertx.getOrCreateContext();
        context.runOnContext(ignored -> items.getAll(List.of("a"))
                .onComplete(test.succeeding(found -> test.verify(() -> {
                    assertThat(Vertx.currentContext()).isSameAs(context);
                    assertThat(found).containsEntry("a", KNOWN);
                    test.completeNow();
                }))));
    }

    @Test
    void pastItsBoundUnderConcurrentUseItKeepsItsHotEntries() throws Exception {
        int bound = 1_000;
        int hot = 100;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, LongAdder> readsOf = new ConcurrentHashMap<>();
        ItemReader counting = ids -> {
            Map<String, ItemCache.Known> found = new HashMap<>();
            ids.forEach(id -> {
                readsOf.computeIfAbsent(id, ignored -> new LongAdder()).increment();
                found.put(id, KNOWN);
            });
            return Future.succeededFuture(found);
        };
        ItemCache items = new ItemCache(
                Duration.ofMinutes(10),
                bound,
                counting,
                com.github.benmanes.caffeine.cache.Ticker.systemTicker(),
                ForkJoinPool.commonPool(),
                registry);

        Concurrently.Result result =
                Concurrently.lookUp(hot, 50_000, id -> items.getAll(List.of(id)).await());

        long hotReads = readsOf.entrySet().stream()
                .filter(entry -> Concurrently.isHot(entry.getKey()))
                .mapToLong(entry -> entry.getValue().sum())
                .sum();
        assertThat(1.0 - (double) hotReads / result.hotLookups())
                .as("hit rate of the hot keys")
                .isGreaterThan(0.9);
        assertThat(result.p99Nanos())
                .as("p99 lookup")
                .isLessThan(Duration.ofMillis(50).toNanos());
        items.cleanUp();
        assertThat(items.size()).isLessThanOrEqualTo(bound);
        assertThat(registry.get("cache.evictions")
                        .tag("cache", ItemCache.CACHE_NAME)
                        .functionCounter()
                        .count())
                .isPositive();
    }

    private Map<String, ItemCache.Known> get(String... ids) {
        Future<Map<String, ItemCache.Known>> found = cache.getAll(List.of(ids));
        assertThat(found.isComplete())
                .as("answered from the cache or by the reader at once")
                .isTrue();
        return found.result();
    }

    /** Reads every id as {@link #KNOWN} (or nothing, for {@link #nothingOf}); while holding, the test answers. */
    private static final class Reads implements ItemReader {
        final List<List<String>> reads = new CopyOnWriteArrayList<>();
        final List<String> nothingOf = new CopyOnWriteArrayList<>();
        final ConcurrentLinkedDeque<Waiting> waiting = new ConcurrentLinkedDeque<>();
        volatile boolean holding;

        private record Waiting(List<String> ids, Promise<Map<String, ItemCache.Known>> promise) {}

        @Override
        public Future<Map<String, ItemCache.Known>> read(List<String> ids) {
            reads.add(List.copyOf(ids));
            if (!holding) {
                return Future.succeededFuture(found(ids));
            }
            Promise<Map<String, ItemCache.Known>> promise = Promise.promise();
            waiting.add(new Waiting(List.copyOf(ids), promise));
            return promise.future();
        }

        void answer(List<String> ids) {
            take(ids).promise().complete(found(ids));
        }

        void fail(List<String> ids) {
            take(ids).promise().fail(new IllegalStateException("the store is away"));
        }

        private Waiting take(List<String> ids) {
            Waiting read = waiting.stream()
                    .filter(w -> w.ids().equals(ids))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no read of " + ids + " waits"));
            waiting.remove(read);
            return read;
        }

        private Map<String, ItemCache.Known> found(List<String> ids) {
            Map<String, ItemCache.Known> found = new HashMap<>();
            ids.stream().filter(id -> !nothingOf.contains(id)).forEach(id -> found.put(id, KNOWN));
            return found;
        }
    }
}

package io.glint.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ItemCacheTest {
    private static final ItemCache.Known KNOWN = new ItemCache.Known(null, null, null);
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final ItemCache cache = new ItemCache(Duration.ofSeconds(10), 1_000, clock::get);

    @Test
    void anEntryIsServedUntilItExpiresAndTakenForRefreshOnceFromWhenItFallsDue() {
        cache.put("a", KNOWN);

        Lookup early = lookup("a");
        assertThat(early.found).containsKey("a");
        assertThat(early.due).as("not due before 60 % of the TTL").isEmpty();

        clock.addAndGet(Duration.ofMillis(8_600).toNanos()); // Past 85 %: due, whatever its spread.
        Lookup first = lookup("a");
        assertThat(first.found).as("still served while due").containsKey("a");
        assertThat(first.due).containsExactly("a");
        assertThat(lookup("a").due)
                .as("taken once: the next lookups serve it without refreshing")
                .isEmpty();

        clock.addAndGet(Duration.ofMillis(1_500).toNanos()); // Past the TTL, never renewed.
        Lookup late = lookup("a");
        assertThat(late.found).isEmpty();
        assertThat(late.missing).containsExactly("a");
    }

    @Test
    void aRenewedEntryStartsAFreshTtlAndAReleasedOneCanBeTakenAgain() {
        cache.put("a", KNOWN);
        cache.put("b", KNOWN);
        clock.addAndGet(Duration.ofMillis(8_600).toNanos());
        assertThat(lookup("a", "b").due).containsExactlyInAnyOrder("a", "b");

        cache.put("a", KNOWN); // Its refresh read it again.
        cache.release("b"); // Its refresh failed.
        Lookup next = lookup("a", "b");
        assertThat(next.due).containsExactly("b");

        clock.addAndGet(Duration.ofMillis(5_000).toNanos()); // 13.6 s after the first put, 5 s after the renewal.
        Lookup later = lookup("a", "b");
        assertThat(later.found).containsOnlyKeys("a");
        assertThat(later.missing).containsExactly("b");
    }

    @Test
    void entriesReadTogetherFallDueAtSpreadTimes() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add("item-" + i);
            cache.put("item-" + i, KNOWN);
        }
        clock.addAndGet(Duration.ofMillis(7_250).toNanos()); // The middle of the 6.0-8.5 s spread.
        int due = lookup(ids.toArray(String[]::new)).due.size();
        assertThat(due).as("about half are due, not all or none").isBetween(40, 160);
    }

    @Test
    void aZeroTtlKeepsNothing() {
        ItemCache off = new ItemCache(Duration.ZERO, 1_000, clock::get);
        off.put("a", KNOWN);
        Map<String, ItemCache.Known> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> due = new ArrayList<>();
        off.lookup(List.of("a"), found, missing, due);
        assertThat(found).isEmpty();
        assertThat(missing).containsExactly("a");
        assertThat(due).isEmpty();
    }

    private Lookup lookup(String... ids) {
        Lookup lookup = new Lookup();
        cache.lookup(List.of(ids), lookup.found, lookup.missing, lookup.due);
        return lookup;
    }

    private static final class Lookup {
        final Map<String, ItemCache.Known> found = new HashMap<>();
        final List<String> missing = new ArrayList<>();
        final List<String> due = new ArrayList<>();
    }
}

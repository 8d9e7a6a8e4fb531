package io.glint.api.recommend;

import static io.glint.api.recommend.Fakes.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.glint.domain.candidates.CandidateList;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Verifies the candidate list cache: reused for its TTL, absence remembered, bounded. */
class CandidateListsTest {
    private final AtomicLong ticker = new AtomicLong(1_000_000_000L);
    private final CandidateLists lists =
            new CandidateLists(Duration.ofSeconds(10), 100, ticker::get, new SimpleMeterRegistry());

    @Test
    void aListIsReusedForItsTtlAndAMissingOneIsRememberedAsEmpty() {
        CandidateList popular = Fakes.list(CandidateList.POPULAR, "p1");
        CandidateLists.Lookup first = lists.lookup(List.of(CandidateList.POPULAR, CandidateList.TRENDING));
        assertThat(first.missing()).containsExactly(CandidateList.POPULAR, CandidateList.TRENDING);

        Map<String, CandidateList> remembered =
                lists.remember(first.missing(), Map.of(CandidateList.POPULAR, popular), NOW);

        assertThat(remembered.get(CandidateList.TRENDING).entries()).isEmpty();
        ticker.addAndGet(Duration.ofMillis(9_999).toNanos());
        CandidateLists.Lookup within = lists.lookup(List.of(CandidateList.POPULAR, CandidateList.TRENDING));
        assertThat(within.missing()).isEmpty();
        assertThat(within.cached()).containsEntry(CandidateList.POPULAR, popular);
        ticker.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(lists.lookup(List.of(CandidateList.POPULAR)).missing()).containsExactly(CandidateList.POPULAR);
    }

    @Test
    void pastItsBoundUnderConcurrentUseItKeepsItsHotEntries() throws Exception {
        int bound = 200;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CandidateLists bounded = new CandidateLists(Duration.ofMinutes(10), bound, Ticker.systemTicker(), registry);
        java.util.concurrent.atomic.LongAdder hotMisses = new java.util.concurrent.atomic.LongAdder();

        Concurrently.Result result = Concurrently.lookUp(20, 20_000, name -> {
            CandidateLists.Lookup lookup = bounded.lookup(List.of(name));
            if (!lookup.missing().isEmpty()) {
                if (Concurrently.isHot(name)) {
                    hotMisses.increment();
                }
                bounded.remember(lookup.missing(), Map.of(), NOW);
            }
        });

        assertThat(1.0 - (double) hotMisses.sum() / result.hotLookups())
                .as("hit rate of the hot lists")
                .isGreaterThan(0.9);
        assertThat(result.p99Nanos())
                .as("p99 lookup")
                .isLessThan(Duration.ofMillis(50).toNanos());
        bounded.cleanUp();
        assertThat(bounded.size()).isLessThanOrEqualTo(bound);
        assertThat(registry.get("cache.evictions")
                        .tag("cache", CandidateLists.CACHE_NAME)
                        .functionCounter()
                        .count())
                .isPositive();
    }
}

package io.glint.domain.features;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A count of events over sliding windows of event time: all time, the last hour (in 5-minute buckets), the last day
 * (hourly buckets) and the last week (daily buckets). Buckets older than their window are dropped as newer events
 * arrive, so the counter holds at most 12 + 24 + 7 buckets. A window's count is read at bucket granularity: "the last
 * hour" is the buckets that start within the hour before {@code now}, so its oldest few minutes may be left out.
 *
 * <p>Counting is by the event's own time ({@code ts}), not by when it was processed, so replays and late events land
 * in the same buckets and the result does not depend on processing order.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE)
public final class WindowedCounter {
    static final Duration MINUTE_BUCKET = Duration.ofMinutes(5);
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration DAY = Duration.ofDays(1);
    static final Duration WEEK = Duration.ofDays(7);

    private long total;
    /** Start of a 5-minute bucket (epoch seconds) to its count. */
    private TreeMap<Long, Long> minutes = new TreeMap<>();
    /** Start of an hour (epoch seconds) to its count. */
    private TreeMap<Long, Long> hours = new TreeMap<>();
    /** Start of a UTC day (epoch seconds) to its count. */
    private TreeMap<Long, Long> days = new TreeMap<>();

    /** The counts over each window as of {@code now}. */
    public record Windows(long total, long last1h, long last24h, long last7d) {}

    /** Counts {@code n} events (negative to take back) that happened at {@code at}. */
    public void add(Instant at, long n) {
        total += n;
        add(minutes, at, MINUTE_BUCKET, HOUR, n);
        add(hours, at, HOUR, DAY, n);
        add(days, at, DAY, WEEK, n);
    }

    public long total() {
        return total;
    }

    public Windows windows(Instant now) {
        return new Windows(total, sum(minutes, now, HOUR), sum(hours, now, DAY), sum(days, now, WEEK));
    }

    private static void add(TreeMap<Long, Long> buckets, Instant at, Duration width, Duration window, long n) {
        long start = Math.floorDiv(at.getEpochSecond(), width.toSeconds()) * width.toSeconds();
        long newest = buckets.isEmpty() ? start : Math.max(start, buckets.lastKey());
        long oldestKept = newest - window.toSeconds() + width.toSeconds();
        if (start < oldestKept) {
            return; // Older than this window already reaches: it counts in the total and the wider windows only.
        }
        buckets.merge(start, n, Long::sum);
        if (buckets.get(start) == 0) {
            buckets.remove(start);
        }
        buckets.headMap(oldestKept).clear();
    }

    private static long sum(TreeMap<Long, Long> buckets, Instant now, Duration window) {
        long from = now.minus(window).getEpochSecond();
        long sum = 0;
        for (Map.Entry<Long, Long> bucket : buckets.tailMap(from, false).entrySet()) {
            if (bucket.getKey() <= now.getEpochSecond()) {
                sum += bucket.getValue();
            }
        }
        return sum;
    }
}

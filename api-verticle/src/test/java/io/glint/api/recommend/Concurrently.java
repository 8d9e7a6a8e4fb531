package io.glint.api.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A skewed stream of look-ups from several threads at once, for the caches' tests under concurrent use: four in five
 * look-ups ask for one of a few hot keys, the others for any of many cold keys.
 */
final class Concurrently {
    static final int THREADS = 4;
    static final int LOOKUPS_PER_THREAD = 10_000;

    /** How many look-ups were of hot keys, and the 99th percentile of all look-ups' latency. */
    record Result(long hotLookups, long p99Nanos) {}

    private Concurrently() {}

    static boolean isHot(String key) {
        return key.startsWith("hot-");
    }

    /**
     * Runs {@link #LOOKUPS_PER_THREAD} look-ups on each of {@link #THREADS} threads started together.
     *
     * @param lookUp looks a key up (and waits for it)
     */
    static Result lookUp(int hotKeys, int coldKeys, Consumer<String> lookUp) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> runs = new ArrayList<>();
        long[] hotLookups = new long[THREADS];
        try {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                runs.add(threads.submit(() -> {
                    long[] nanos = new long[LOOKUPS_PER_THREAD];
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    start.await();
                    for (int i = 0; i < LOOKUPS_PER_THREAD; i++) {
                        boolean hot = random.nextInt(5) != 0;
                        String key = hot ? "hot-" + random.nextInt(hotKeys) : "cold-" + random.nextInt(coldKeys);
                        if (hot) {
                            hotLookups[thread]++;
                        }
                        long began = System.nanoTime();
                        lookUp.accept(key);
                        nanos[i] = System.nanoTime() - began;
                    }
                    return nanos;
                }));
            }
            start.countDown();
            long[] all = new long[THREADS * LOOKUPS_PER_THREAD];
            for (int t = 0; t < THREADS; t++) {
                System.arraycopy(
                        runs.get(t).get(60, TimeUnit.SECONDS), 0, all, t * LOOKUPS_PER_THREAD, LOOKUPS_PER_THREAD);
            }
            Arrays.sort(all);
            return new Result(Arrays.stream(hotLookups).sum(), all[(int) (all.length * 0.99)]);
        } finally {
            threads.shutdownNow();
        }
    }
}

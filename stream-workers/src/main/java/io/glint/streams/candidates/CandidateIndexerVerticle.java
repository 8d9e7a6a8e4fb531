package io.glint.streams.candidates;

import io.glint.domain.candidates.CandidateList;
import io.glint.domain.candidates.CandidateListBuilder;
import io.glint.domain.candidates.CandidateListRepository;
import io.glint.featurestore.features.ItemScan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the candidate lists (popular, trending, per category, per label) from every item's features, at start and
 * then at a fixed delay after each rebuild, so that the recommendation service finds fresh lists in the features
 * table. Deploy it as a worker verticle: it parses every item document. Several indexers may run (every stream-worker
 * process has one); they write the same lists, and the last write wins.
 */
public final class CandidateIndexerVerticle extends VerticleBase {
    public static final String RUNS = "glint.candidates.index.runs";
    public static final String DURATION = "glint.candidates.index.duration";

    private static final Logger LOG = LoggerFactory.getLogger(CandidateIndexerVerticle.class);

    private final CandidateIndexerConfig config;
    private final ItemScan scan;
    private final CandidateListRepository lists;
    private final Clock clock;
    private final MeterRegistry registry;
    private final AtomicReference<Instant> lastBuilt = new AtomicReference<>();

    private Counter succeeded;
    private Counter failed;
    private Timer duration;
    private long timer = -1;
    private boolean stopped;

    public CandidateIndexerVerticle(
            CandidateIndexerConfig config,
            ItemScan scan,
            CandidateListRepository lists,
            Clock clock,
            MeterRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        this.scan = Objects.requireNonNull(scan, "scan");
        this.lists = Objects.requireNonNull(lists, "lists");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Future<?> start() {
        succeeded = Counter.builder(RUNS).tag("outcome", "succeeded").register(registry);
        failed = Counter.builder(RUNS).tag("outcome", "failed").register(registry);
        duration = Timer.builder(DURATION)
                .description("Time to rebuild every candidate list")
                .register(registry);
        // The first build is not awaited: an empty or unreachable table must not stop the process from starting.
        rebuild();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return Future.succeededFuture();
    }

    /** When the lists were last written, or null before the first rebuild finished. */
    public Instant lastBuilt() {
        return lastBuilt.get();
    }

    /** Rebuilds once now (tests); the schedule goes on as before. */
    public Future<Integer> rebuildNow() {
        return build();
    }

    private void rebuild() {
        build().onComplete(done -> {
            if (!stopped) {
                timer = vertx.setTimer(config.interval().toMillis(), id -> rebuild());
            }
        });
    }

    private Future<Integer> build() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        CandidateListBuilder builder = new CandidateListBuilder();
        return scan.forEach(config.segments(), item -> builder.add(item.view(now, 0)))
                .compose(items -> {
                    List<CandidateList> built = builder.build(now);
                    return lists.write(built).map(written -> built.size());
                })
                .onSuccess(count -> {
                    succeeded.increment();
                    duration.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                    lastBuilt.set(now);
                    LOG.debug(
                            "Rebuilt {} candidate lists from {} items in {} ms",
                            count,
                            builder.items(),
                            (System.nanoTime() - started) / 1_000_000);
                })
                .onFailure(error -> {
                    failed.increment();
                    LOG.warn("Rebuilding the candidate lists failed; the previous lists stay: {}", error.toString());
                });
    }
}

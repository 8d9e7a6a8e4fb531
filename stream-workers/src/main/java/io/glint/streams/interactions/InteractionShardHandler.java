package io.glint.streams.interactions;

import io.glint.core.aws.AwsClients;
import io.glint.core.config.ResourceNames;
import io.glint.events.InteractionEvent;
import io.glint.events.MalformedEventException;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.featurestore.features.SequenceNumbers;
import io.glint.streams.archive.ArchiveConfig;
import io.glint.streams.archive.DeadLetters;
import io.glint.streams.archive.ShardArchive;
import io.glint.streams.kcl.ShardHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * One shard of the interactions stream: decodes each record (one that does not decode is dead-lettered to S3 and
 * counted, and never stops the shard), applies the batch to the feature store ({@link FeatureUpdater}, exactly once in
 * effect), and appends the raw events to the shard's archive file. The shard is checkpointed only through records that
 * are both applied and durably archived: through the archive's last uploaded file, or through the whole batch when no
 * file is open.
 */
public final class InteractionShardHandler implements ShardHandler {
    /** Records that did not decode, by outcome; no shard tag (unbounded after resharding). */
    public static final String MALFORMED = "glint.stream.malformed";
    /** Records skipped as a second copy of an event already applied (a producer's retry). */
    public static final String DUPLICATES = "glint.stream.duplicates";
    /** Feature documents written, tagged {@code entity} = {@code user} or {@code item}. */
    public static final String FEATURE_WRITES = "glint.features.writes";

    private static final Logger LOG = LoggerFactory.getLogger(InteractionShardHandler.class);

    private final String shardId;
    private final FeatureUpdater updater;
    private final ShardArchive archive;
    private final DeadLetters deadLetters;
    private final Counter malformed;
    private final Counter duplicates;
    private final Counter userWrites;
    private final Counter itemWrites;
    /** Sequence number of the last record appended to the archive: a retried batch is not appended twice. */
    private String lastArchived;
    /** Sequence number of the last record of the last batch handled. */
    private String lastHandled;

    public InteractionShardHandler(
            String shardId,
            FeatureUpdater updater,
            ShardArchive archive,
            DeadLetters deadLetters,
            MeterRegistry registry) {
        this.shardId = Objects.requireNonNull(shardId, "shardId");
        this.updater = Objects.requireNonNull(updater, "updater");
        this.archive = Objects.requireNonNull(archive, "archive");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.malformed = Counter.builder(MALFORMED)
                .description("Stream records that did not decode as interaction events")
                .register(registry);
        this.duplicates = Counter.builder(DUPLICATES)
                .description("Stream records skipped as a repeat of an event already applied")
                .register(registry);
        this.userWrites = Counter.builder(FEATURE_WRITES)
                .description("Feature documents written")
                .tag("entity", "user")
                .register(registry);
        this.itemWrites = Counter.builder(FEATURE_WRITES)
                .description("Feature documents written")
                .tag("entity", "item")
                .register(registry);
    }

    /**
     * Makes the handler of each shard: one feature updater for the worker, one archive file per shard, all in the
     * archive bucket.
     */
    public static ShardHandler.Factory factory(
            Vertx vertx,
            AwsClients clients,
            ResourceNames names,
            InteractionsWorkerConfig config,
            MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        ArchiveConfig archive = config.archive();
        FeatureUpdater updater = new FeatureUpdater(
                new DynamoFeatureRepository(vertx, clients.dynamoDb(), names, clock),
                config.userCacheSize(),
                config.itemCacheSize());
        DeadLetters deadLetters = new DeadLetters(clients.s3(), names.archiveBucket(), registry, clock);
        return shardId -> new InteractionShardHandler(
                shardId,
                updater,
                new ShardArchive(clients.s3(), names.archiveBucket(), shardId, archive, clock, registry),
                deadLetters,
                registry);
    }

    @Override
    public Optional<String> handle(List<KinesisClientRecord> records) {
        List<SourcedEvent> events = new ArrayList<>(records.size());
        List<byte[]> raw = new ArrayList<>(records.size());
        for (KinesisClientRecord record : records) {
            byte[] data = bytes(record.data());
            InteractionEvent event;
            try {
                event = InteractionEvent.decode(data);
            } catch (MalformedEventException e) {
                deadLetters.write(
                        shardId,
                        record.sequenceNumber(),
                        record.partitionKey(),
                        record.approximateArrivalTimestamp(),
                        data,
                        e.getMessage());
                malformed.increment();
                continue;
            }
            events.add(new SourcedEvent(event, record.sequenceNumber()));
            // Re-encoded: one compact line, whatever whitespace the producer's JSON had.
            raw.add(event.encode());
        }
        FeatureUpdater.Result result = updater.apply(shardId, events);
        duplicates.increment(result.duplicatesSkipped());
        userWrites.increment(result.usersWritten());
        itemWrites.increment(result.itemsWritten());
        for (int i = 0; i < events.size(); i++) {
            String sequence = events.get(i).sequenceNumber();
            if (SequenceNumbers.after(sequence, lastArchived)) {
                archive.append(sequence, raw.get(i));
                lastArchived = sequence;
            }
        }
        archive.flushIfDue();
        lastHandled = records.get(records.size() - 1).sequenceNumber();
        LOG.debug(
                "Applied {} events of {} ({} users, {} items written, {} duplicates)",
                events.size(),
                shardId,
                result.usersWritten(),
                result.itemsWritten(),
                result.duplicatesSkipped());
        return durable();
    }

    @Override
    public Optional<String> idle() {
        archive.flushIfDue();
        return durable();
    }

    @Override
    public Optional<String> drain() {
        archive.flush();
        return Optional.ofNullable(lastHandled);
    }

    @Override
    public void leaseLost() {
        try {
            archive.flush();
        } catch (RuntimeException e) {
            LOG.warn(
                    "The archive file of {} could not be written at lease loss; the next owner archives it",
                    shardId,
                    e);
        }
    }

    /** Through where everything handled is applied and archived. */
    private Optional<String> durable() {
        Optional<String> archived = archive.durableThrough();
        boolean nothingOpen =
                lastArchived == null || archived.map(lastArchived::equals).orElse(false);
        return nothingOpen ? Optional.ofNullable(lastHandled) : archived;
    }

    private static byte[] bytes(ByteBuffer data) {
        ByteBuffer copy = data.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}

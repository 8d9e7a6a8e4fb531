package io.glint.training.importing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.glint.core.aws.AwsFutures;
import io.glint.core.json.Json;
import io.glint.training.Progress;
import io.glint.training.data.Dataset;
import io.glint.training.stores.BoundedParallel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An imported data set's events in the event archive, in the stream workers' layout ({@code ShardArchive}): gzip
 * NDJSON of {@code InteractionEvent.encode()} under {@code events/dt=YYYY-MM-DD/hour=HH/}, partitioned by each event's
 * own UTC hour (the data set's history, not the hour of the import), at most {@link #MAX_EVENTS_PER_FILE} events per
 * file, named {@code import-<dataset>-<n>.ndjson.gz} with {@code n} counting the files in time order. The same data set
 * makes the same keys and bytes, so importing it again overwrites its files instead of adding copies.
 *
 * <p>A manifest per ratings file name, {@code imports/<file name>.json}, lists the keys of its last import. When a
 * changed file of the same name is imported again (another data set id), the keys of the earlier import that the new
 * one did not overwrite are deleted after the new files are written, so the archive never holds both versions of the
 * file's events (they have different ids and would not deduplicate).
 */
public final class ImportArchive {
    /** Events per archive file: about 1 MB compressed for ratings. */
    public static final int MAX_EVENTS_PER_FILE = 50_000;

    static final String EVENTS_PREFIX = "events/";
    static final String MANIFESTS_PREFIX = "imports/";
    static final String CONTENT_TYPE = "application/x-ndjson";
    static final String CONTENT_ENCODING = "gzip";
    /** Files uploaded at once: each is built in memory just before its upload. */
    static final int IN_FLIGHT = 16;

    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("'dt='uuuu-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);
    private static final ObjectReader MANIFEST =
            Json.mapper().readerFor(Manifest.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * What the last import of a ratings file name wrote.
     *
     * @param file the ratings file as named to the import
     * @param dataset the data set id ({@link PreparedImport#datasetId()})
     * @param events the events archived
     * @param keys the archive objects written
     * @param importedAt when
     */
    public record Manifest(String file, String dataset, long events, List<String> keys, Instant importedAt) {
        public Manifest {
            keys = keys == null ? List.of() : List.copyOf(keys);
        }
    }

    /** One archive file: the events {@code from} (inclusive) to {@code to} (exclusive) of the data set. */
    record FilePlan(String key, int from, int to) {}

    private final S3AsyncClient s3;
    private final String bucket;

    public ImportArchive(S3AsyncClient s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /** The files of a data set: its events (in time order) cut at every UTC hour and every {@code maxEvents}. */
    static List<FilePlan> plan(Dataset data, String datasetId, int maxEvents) {
        List<FilePlan> files = new ArrayList<>();
        int from = 0;
        for (int k = 1; k <= data.size(); k++) {
            boolean end = k == data.size() || k - from >= maxEvents || hour(data.ts(k)) != hour(data.ts(from));
            if (end) {
                String key = EVENTS_PREFIX + PARTITION.format(data.ts(from)) + "/import-" + datasetId + "-"
                        + String.format(Locale.ROOT, "%06d", files.size()) + ".ndjson.gz";
                files.add(new FilePlan(key, from, k));
                from = k;
            }
        }
        return files;
    }

    private static long hour(Instant ts) {
        return Math.floorDiv(ts.getEpochSecond(), 3600);
    }

    /** The S3 key of a ratings file name's manifest. */
    static String manifestKey(String fileName) {
        String safe = fileName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        if (safe.length() > 200) {
            safe = safe.substring(0, 200);
        }
        return MANIFESTS_PREFIX + safe + ".json";
    }

    /** Where a manifest is, for messages. */
    public String manifestUrl(String fileName) {
        return "s3://" + bucket + "/" + manifestKey(fileName);
    }

    /**
     * The manifest of the last import of a ratings file name, if any.
     *
     * @throws RuntimeException when S3 fails
     */
    public Optional<Manifest> manifest(String fileName) {
        try {
            byte[] bytes = s3.getObject(
                            request -> request.bucket(bucket).key(manifestKey(fileName)),
                            AsyncResponseTransformer.toBytes())
                    .join()
                    .asByteArrayUnsafe();
            return Optional.of(MANIFEST.readValue(bytes));
        } catch (RuntimeException e) {
            if (AwsFutures.unwrap(e) instanceof NoSuchKeyException) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("the import manifest " + manifestUrl(fileName) + " is not readable", e);
        }
    }

    /**
     * Writes the data set's archive files, deletes what an earlier import of the same file name wrote and the new one
     * did not overwrite, and records the new manifest.
     *
     * @return the keys written
     * @throws RuntimeException when S3 fails; what was written stays, and importing again overwrites it
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    public List<String> write(PreparedImport prepared, Optional<Manifest> previous, Instant now, Progress progress)
            throws InterruptedException {
        Dataset data = prepared.data();
        List<FilePlan> files = plan(data, prepared.datasetId(), MAX_EVENTS_PER_FILE);
        try (Progress.Stage stage = progress.start("writing the event archive", files.size())) {
            BoundedParallel.forEach(
                    files.iterator(),
                    IN_FLIGHT,
                    file -> AwsFutures.onContext(s3.putObject(
                            request -> request.bucket(bucket)
                                    .key(file.key())
                                    .contentType(CONTENT_TYPE)
                                    .contentEncoding(CONTENT_ENCODING),
                            AsyncRequestBody.fromBytes(encode(prepared, file)))),
                    stage);
            stage.detail(String.format(Locale.ROOT, "%,d events", data.size()));
        }
        List<String> keys = files.stream().map(FilePlan::key).toList();
        Set<String> written = new HashSet<>(keys);
        List<String> stale = previous.map(Manifest::keys).orElse(List.of()).stream()
                .filter(key -> !written.contains(key))
                .toList();
        if (!stale.isEmpty()) {
            try (Progress.Stage stage = progress.start("deleting the earlier import's archive files", stale.size())) {
                BoundedParallel.forEach(
                        stale.iterator(),
                        IN_FLIGHT,
                        key -> AwsFutures.onContext(s3.deleteObject(
                                request -> request.bucket(bucket).key(key))),
                        stage);
            }
        }
        String fileName = prepared.file().getFileName().toString();
        Manifest manifest = new Manifest(prepared.file().toString(), prepared.datasetId(), data.size(), keys, now);
        s3.putObject(
                        request -> request.bucket(bucket)
                                .key(manifestKey(fileName))
                                .contentType("application/json"),
                        AsyncRequestBody.fromBytes(Json.write(manifest)))
                .join();
        return keys;
    }

    /** One file's bytes: its events' compact JSON, one per line, gzip. */
    static byte[] encode(PreparedImport prepared, FilePlan file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024)) {
            for (int k = file.from(); k < file.to(); k++) {
                gzip.write(prepared.event(k).encode());
                gzip.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compress into memory", e);
        }
        return bytes.toByteArray();
    }
}

package io.glint.training.data;

import io.glint.core.aws.AwsFutures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The event archive in S3, as the stream workers ({@code ShardArchive}) and {@code import} write it: every {@code
 * *.ndjson.gz} object under {@code events/} of the archive bucket, listed page by page and read in key order (so by
 * partition hour), a few objects downloaded ahead while the current one is decoded. Events are deduplicated on {@code
 * eventId} across all objects ({@link EventArchiveSource.Deduplicator}): the archive is at least once.
 *
 * <p>Blocking: it waits for the SDK's futures on the calling thread, a batch job's, never an event loop. An object
 * listed but gone when it is read (an import replaced meanwhile) is skipped and counted in {@link #missing()}.
 */
public final class S3EventArchiveSource implements InteractionSource {
    /** The archive's events prefix. */
    public static final String PREFIX = "events/";

    static final String SUFFIX = ".ndjson.gz";
    /** Objects downloaded ahead of the one being decoded. */
    static final int READ_AHEAD = 8;

    private final S3AsyncClient s3;
    private final String bucket;
    private final String prefix;
    private long objects;
    private long duplicates;
    private long missing;

    /** The whole archive of a bucket ({@value #PREFIX}). */
    public S3EventArchiveSource(S3AsyncClient s3, String bucket) {
        this(s3, bucket, PREFIX);
    }

    /**
     * @param prefix a key prefix under which to read, e.g. {@code events/dt=2025-05-01/} for one day
     */
    public S3EventArchiveSource(S3AsyncClient s3, String bucket, String prefix) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public String description() {
        return "s3://" + bucket + "/" + prefix;
    }

    /** How many objects the last {@link #read} decoded. */
    public long objects() {
        return objects;
    }

    /** How many second copies of an event the last {@link #read} skipped. */
    public long duplicates() {
        return duplicates;
    }

    /** How many listed objects were gone when the last {@link #read} came to them. */
    public long missing() {
        return missing;
    }

    /**
     * {@inheritDoc} An empty archive reads as no interaction (0 lines).
     *
     * @throws DataFileException at the first line of an object that is not an event (named by its {@code s3://} URL
     *     and line), or when an object is not complete gzip
     * @throws IOException when S3 fails (listing or reading, after the SDK's retries)
     */
    @Override
    public long read(InteractionSink sink) throws IOException {
        List<String> keys = keys();
        EventArchiveSource.Deduplicator deduplicator = new EventArchiveSource.Deduplicator();
        Deque<Download> ahead = new ArrayDeque<>();
        long lines = 0;
        objects = 0;
        missing = 0;
        int next = 0;
        while (next < keys.size() || !ahead.isEmpty()) {
            while (ahead.size() < READ_AHEAD && next < keys.size()) {
                ahead.add(download(keys.get(next++)));
            }
            Download download = ahead.poll();
            byte[] body;
            try {
                body = wait(download.body(), "read s3://" + bucket + "/" + download.key())
                        .asByteArrayUnsafe();
            } catch (MissingObjectException e) {
                missing++;
                continue;
            }
            lines += EventArchiveSource.readObject(
                    "s3://" + bucket + "/" + download.key(), new ByteArrayInputStream(body), deduplicator, sink);
            objects++;
        }
        duplicates = deduplicator.duplicates();
        return lines;
    }

    /** The archive's object keys, ascending. */
    List<String> keys() throws IOException {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = wait(
                    s3.listObjectsV2(request ->
                            request.bucket(bucket).prefix(prefix).maxKeys(1000).continuationToken(continuation)),
                    "list s3://" + bucket + "/" + prefix);
            for (S3Object object : page.contents()) {
                if (object.key().endsWith(SUFFIX)) {
                    keys.add(object.key());
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        Collections.sort(keys); // S3 lists in this order already; stand-ins need not.
        return keys;
    }

    private record Download(String key, CompletableFuture<ResponseBytes<GetObjectResponse>> body) {}

    private Download download(String key) {
        return new Download(
                key, s3.getObject(request -> request.bucket(bucket).key(key), AsyncResponseTransformer.toBytes()));
    }

    private static final class MissingObjectException extends IOException {
        MissingObjectException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static <T> T wait(CompletableFuture<T> future, String what) throws IOException {
        try {
            return future.join();
        } catch (RuntimeException e) {
            Throwable cause = AwsFutures.unwrap(e);
            if (cause instanceof NoSuchKeyException) {
                throw new MissingObjectException("cannot " + what + ": no such key", cause);
            }
            throw new IOException("cannot " + what + ": " + cause.getMessage(), cause);
        }
    }
}

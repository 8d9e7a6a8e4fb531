package io.glint.streams.archive;

import io.glint.core.error.UnavailableException;
import io.glint.core.retry.Backoff;
import io.glint.core.retry.BlockingRetry;
import io.glint.core.retry.RetryAbortedException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Blocking puts into one bucket, retried with exponential backoff: the one retry policy of the archive and the dead
 * letters. It blocks the calling thread (a KCL shard thread, never an event loop) because the record processor must
 * not checkpoint before the object is in S3.
 *
 * <p>The SDK already retries throttling and server errors within its call timeout; these attempts add patience for
 * longer outages (a whole call timing out, a network partition), so that a short S3 incident does not fail a batch.
 */
final class S3Puts {
    /** Attempts per put, the first included. */
    static final int MAX_ATTEMPTS = 5;
    /** The first wait's ceiling; it doubles per attempt (100, 200, 400, 800 ms), with full jitter. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(S3Puts.class);
    /** Reached only by the last wait: {@value #MAX_ATTEMPTS} attempts double the first ceiling three times. */
    private static final Duration MAX_BACKOFF = FIRST_BACKOFF.multipliedBy(1L << (MAX_ATTEMPTS - 2));

    private final S3AsyncClient s3;
    private final String bucket;
    private final Backoff backoff =
            Backoff.exponential(FIRST_BACKOFF, MAX_BACKOFF).withMaxAttempts(MAX_ATTEMPTS);

    S3Puts(S3AsyncClient s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    String bucket() {
        return bucket;
    }

    /**
     * Puts {@code body} under {@code key}, overwriting what is there, and waits until S3 has it.
     *
     * @param headers sets what else the object carries (content type, encoding); bucket, key and length are set here
     * @throws UnavailableException when every attempt failed or the thread was interrupted while waiting to retry (the
     *     interrupt flag is then set again); its cause is the last failure
     */
    void put(String key, byte[] body, Consumer<PutObjectRequest.Builder> headers) {
        PutObjectRequest request = PutObjectRequest.builder()
                .applyMutation(headers)
                .bucket(bucket)
                .key(key)
                .contentLength((long) body.length)
                .build();
        BlockingRetry retry = BlockingRetry.with(backoff)
                .retryingOn(failure -> failure instanceof CompletionException || failure instanceof SdkException)
                .onFailure((failure, attempt, retryIn) -> retryIn.ifPresent(wait -> LOG.warn(
                        "S3 put of s3://{}/{} failed (attempt {} of {}); retrying in {} ms: {}",
                        bucket,
                        key,
                        attempt,
                        MAX_ATTEMPTS,
                        wait.toMillis(),
                        unwrap(failure).toString())));
        try {
            // The caller never changes body after handing it over, so the SDK need not copy it.
            retry.call(() -> s3.putObject(request, AsyncRequestBody.fromBytesUnsafe(body))
                    .join());
        } catch (RetryAbortedException e) {
            Throwable failure = unwrap(e.lastFailure());
            if (e.reason() == RetryAbortedException.Reason.INTERRUPTED) {
                UnavailableException interrupted = new UnavailableException(
                        "Interrupted while retrying the S3 put of s3://" + bucket + "/" + key, failure);
                for (Throwable suppressed : e.getSuppressed()) {
                    interrupted.addSuppressed(suppressed);
                }
                throw interrupted;
            }
            throw new UnavailableException(
                    "S3 put of s3://" + bucket + "/" + key + " failed " + e.attempts() + " times; last: " + failure,
                    failure);
        }
    }

    /** The SDK's exception, not the {@link CompletionException} that {@code join} wraps it in. */
    private static Throwable unwrap(Exception failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}

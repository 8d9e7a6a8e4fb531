package io.glint.streams.interactions;

import io.glint.core.error.UnavailableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Tells a failure that passes (the store away or throttling, a network error, another worker writing the same shard)
 * from one that will happen again however often the same events are applied (a poison event).
 */
final class Failures {
    private Failures() {}

    /** Whether applying the same events again may succeed. */
    static boolean isTransient(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof UnavailableException
                || cause instanceof FeatureUpdater.ConcurrentShardWriterException
                || cause instanceof SdkClientException) {
            return true;
        }
        if (cause instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return false;
    }
}

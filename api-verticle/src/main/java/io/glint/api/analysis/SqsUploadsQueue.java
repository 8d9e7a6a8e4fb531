package io.glint.api.analysis;

import io.glint.core.aws.AwsFutures;
import io.glint.core.json.Json;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;

/**
 * The uploads queue on SQS. Its URL is resolved by name on the first send and then kept for the process; a failed
 * resolution is not kept, so the next send tries again. Nothing is resolved at construction: the API starts even when
 * SQS is unreachable or the queue is missing, which the {@code sqs} health check reports. Thread-safe: every API
 * verticle instance of the process shares one.
 */
public final class SqsUploadsQueue implements UploadsQueue {
    private final SqsAsyncClient sqs;
    private final String queueName;
    private final AtomicReference<CompletableFuture<String>> queueUrl = new AtomicReference<>();

    public SqsUploadsQueue(SqsAsyncClient sqs, String queueName) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueName = Objects.requireNonNull(queueName, "queueName");
    }

    @Override
    public Future<Void> postCreated(String postId, String objectKey) {
        String body = Json.writeString(PostCreatedMessage.of(postId, objectKey));
        return AwsFutures.onContext(queueUrl()
                        .thenCompose(url ->
                                sqs.sendMessage(send -> send.queueUrl(url).messageBody(body))))
                .mapEmpty();
    }

    /** The queue's URL: the one resolution in progress or done, or a new one if there is none or it failed. */
    private CompletableFuture<String> queueUrl() {
        while (true) {
            CompletableFuture<String> current = queueUrl.get();
            if (current != null && !current.isCompletedExceptionally()) {
                return current;
            }
            CompletableFuture<String> resolving = new CompletableFuture<>();
            if (queueUrl.compareAndSet(current, resolving)) {
                sqs.getQueueUrl(get -> get.queueName(queueName))
                        .thenApply(GetQueueUrlResponse::queueUrl)
                        .whenComplete((url, error) -> {
                            if (error != null) {
                                resolving.completeExceptionally(error);
                            } else {
                                resolving.complete(url);
                            }
                        });
                return resolving;
            }
        }
    }
}

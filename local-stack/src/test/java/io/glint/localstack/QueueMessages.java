package io.glint.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Everything a test class has read from one queue, in order of receipt. Tests look for their message among all of
 * them, so that the order in which tests run does not matter.
 */
final class QueueMessages {
    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final List<JsonNode> received = new ArrayList<>();

    QueueMessages(SqsAsyncClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Receives (and deletes) until a message matches, and returns it. */
    synchronized JsonNode await(String description, Predicate<JsonNode> matching) {
        Awaitility.await()
                .alias(description)
                .atMost(Duration.ofSeconds(15))
                .pollDelay(Duration.ZERO)
                .until(() -> {
                    receive();
                    return received.stream().anyMatch(matching);
                });
        return received.stream().filter(matching).findFirst().orElseThrow();
    }

    synchronized List<JsonNode> all() {
        return List.copyOf(received);
    }

    private void receive() throws Exception {
        List<Message> messages = sqs.receiveMessage(request ->
                        request.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .get(10, TimeUnit.SECONDS)
                .messages();
        for (Message message : messages) {
            received.add(parse(message.body()));
            sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            assertThat(node.isObject()).as("message body %s", body).isTrue();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }
}

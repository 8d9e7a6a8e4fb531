package io.glint.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.aws.Infrastructure;
import io.glint.core.json.Json;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Verifies that the uploads queue is provisioned as the code expects and dead-letters what keeps failing. */
@ExtendWith(LocalStackExtension.class)
class SqsDeadLetterIT {

    @Test
    void uploadsQueueHasItsRedrivePolicyAndVisibilityTimeout(TestStack stack) throws Exception {
        SqsAsyncClient sqs = stack.clients().sqs();
        String queueUrl = queueUrl(sqs, stack.names().uploadsQueue());
        String deadLetterUrl = queueUrl(sqs, stack.names().uploadsDeadLetterQueue());
        String deadLetterArn = sqs.getQueueAttributes(
                        get -> get.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .get(10, TimeUnit.SECONDS)
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);

        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(
                        get -> get.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
                .get(10, TimeUnit.SECONDS)
                .attributes();

        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT))
                .isEqualTo(String.valueOf(Infrastructure.UPLOADS_VISIBILITY_TIMEOUT.toSeconds()));
        JsonNode redrive = Json.mapper().readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.get("deadLetterTargetArn").asText()).isEqualTo(deadLetterArn);
        assertThat(redrive.get("maxReceiveCount").asInt()).isEqualTo(Infrastructure.UPLOADS_MAX_RECEIVE_COUNT);
    }

    @Test
    void messageReceivedButNeverDeletedLandsInTheDeadLetterQueue(TestStack stack) throws Exception {
        SqsAsyncClient sqs = stack.clients().sqs();
        String queueUrl = queueUrl(sqs, stack.names().uploadsQueue());
        String deadLetterUrl = queueUrl(sqs, stack.names().uploadsDeadLetterQueue());
        String body = "poison-" + UUID.randomUUID();
        sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(body)).get(10, TimeUnit.SECONDS);

        AtomicInteger receives = new AtomicInteger();
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).until(() -> {
            // A consumer that fails every time: receive, never delete; visibility 0 makes it visible again at once.
            List<Message> received = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .visibilityTimeout(0)
                            .waitTimeSeconds(0))
                    .get(10, TimeUnit.SECONDS)
                    .messages();
            receives.addAndGet((int) received.stream()
                    .filter(message -> body.equals(message.body()))
                    .count());
            return sqs
                    .receiveMessage(receive -> receive.queueUrl(deadLetterUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(0))
                    .get(10, TimeUnit.SECONDS)
                    .messages()
                    .stream()
                    .anyMatch(message -> body.equals(message.body()));
        });

        assertThat(receives.get()).isEqualTo(Infrastructure.UPLOADS_MAX_RECEIVE_COUNT);
    }

    private static String queueUrl(SqsAsyncClient sqs, String name) throws Exception {
        return sqs.getQueueUrl(get -> get.queueName(name))
                .get(10, TimeUnit.SECONDS)
                .queueUrl();
    }
}

package io.glint.streams.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The SQS consumer on ElasticMQ: bounded concurrency, visibility kept while working, failures to the dead letters. */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class SqsConsumerIT {
    private static final int MAX_RECEIVES = 3;

    @Test
    void everyMessageIsHandledOnceAndDeletedWithNoMoreInFlightThanAllowed(Vertx vertx, TestStack stack)
            throws Exception {
        SqsAsyncClient sqs = stack.clients().sqs();
        String queue = queue(sqs, 30);
        send(sqs, queue, 40);
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger mostConcurrent = new AtomicInteger();
        MessageHandler handler = message -> {
            mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            Promise<Void> done = Promise.promise();
            vertx.setTimer(40, id -> {
                concurrent.decrementAndGet();
                handled.computeIfAbsent(message.body(), body -> new AtomicInteger())
                        .incrementAndGet();
                done.complete();
            });
            return done.future();
        };

        String deployment = vertx.deployVerticle(consumer(sqs, queue, 4, Duration.ofSeconds(30), handler))
                .await();
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 40);
        await().atMost(Duration.ofSeconds(10)).until(() -> messagesLeft(sqs, queue) == 0);
        vertx.undeploy(deployment).await();

        assertThat(handled.values()).allSatisfy(count -> assertThat(count).hasValue(1));
        assertThat(mostConcurrent.get()).as("messages worked on at once").isBetween(2, 4);
    }

    @Test
    void workLongerThanTheVisibilityTimeoutKeepsTheMessageInvisible(Vertx vertx, TestStack stack) throws Exception {
        SqsAsyncClient sqs = stack.clients().sqs();
        String queue = queue(sqs, 3);
        send(sqs, queue, 1);
        AtomicInteger calls = new AtomicInteger();
        MessageHandler slow = message -> {
            calls.incrementAndGet();
            Promise<Void> done = Promise.promise();
            vertx.setTimer(8_000, id -> done.complete()); // Over twice the queue's 3 s.
            return done.future();
        };

        String deployment = vertx.deployVerticle(consumer(sqs, queue, 2, Duration.ofSeconds(3), slow))
                .await();
        await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() == 1 && messagesLeft(sqs, queue) == 0);
        vertx.undeploy(deployment).await();

        assertThat(calls).as("handled once, never redelivered meanwhile").hasValue(1);
    }

    @Test
    void aMessageThatKeepsFailingReachesTheDeadLetterQueueWithoutARetryStorm(Vertx vertx, TestStack stack)
            throws Exception {
        SqsAsyncClient sqs = stack.clients().sqs();
        String queue = queue(sqs, 30);
        send(sqs, queue, 1);
        AtomicInteger calls = new AtomicInteger();
        MessageHandler failing = message -> {
            calls.incrementAndGet();
            return Future.failedFuture(new IllegalStateException("always"));
        };

        String deployment = vertx.deployVerticle(consumer(sqs, queue, 2, Duration.ofSeconds(30), failing))
                .await();
        await().atMost(Duration.ofSeconds(30)).until(() -> messagesIn(sqs, queue + "-dlq") == 1);
        vertx.undeploy(deployment).await();

        assertThat(calls).as("one call per receive").hasValue(MAX_RECEIVES);
        assertThat(messagesLeft(sqs, queue)).isZero();
    }

    private static SqsConsumerVerticle consumer(
            SqsAsyncClient sqs, String queue, int maxInFlight, Duration visibility, MessageHandler handler) {
        return new SqsConsumerVerticle(
                new SqsConsumerConfig(
                        queue,
                        maxInFlight,
                        Duration.ofSeconds(1),
                        visibility,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10)),
                sqs,
                handler,
                new SimpleMeterRegistry());
    }

    /** A queue of its own, with a dead-letter queue after {@value #MAX_RECEIVES} receives. */
    private static String queue(SqsAsyncClient sqs, int visibilitySeconds) throws Exception {
        String name = "consumer-" + UUID.randomUUID();
        String deadLetterUrl = sqs.createQueue(create -> create.queueName(name + "-dlq"))
                .get(10, TimeUnit.SECONDS)
                .queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(
                        get -> get.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .get(10, TimeUnit.SECONDS)
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        sqs.createQueue(create -> create.queueName(name)
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                Integer.toString(visibilitySeconds),
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\""
                                        + MAX_RECEIVES + "\"}")))
                .get(10, TimeUnit.SECONDS);
        return name;
    }

    private static void send(SqsAsyncClient sqs, String queue, int count) throws Exception {
        String url = url(sqs, queue);
        List<String> bodies =
                IntStream.range(0, count).mapToObj(i -> "message-" + i).toList();
        for (String body : bodies) {
            sqs.sendMessage(send -> send.queueUrl(url).messageBody(body)).get(10, TimeUnit.SECONDS);
        }
    }

    /** Visible and in-flight messages together. */
    private static int messagesLeft(SqsAsyncClient sqs, String queue) throws Exception {
        String url = url(sqs, queue);
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(get -> get.queueUrl(url)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .get(10, TimeUnit.SECONDS)
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static int messagesIn(SqsAsyncClient sqs, String queue) throws Exception {
        return messagesLeft(sqs, queue);
    }

    private static String url(SqsAsyncClient sqs, String queue) throws Exception {
        return sqs.getQueueUrl(get -> get.queueName(queue))
                .get(10, TimeUnit.SECONDS)
                .queueUrl();
    }
}

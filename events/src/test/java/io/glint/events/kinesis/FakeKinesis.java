package io.glint.events.kinesis;

import io.glint.events.InteractionEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A Kinesis client that answers PutRecords from a script, after a delay on its own threads (as the SDK completes its
 * futures off the caller's thread). It records every request and notices when two requests under way at once share a
 * partition key.
 */
final class FakeKinesis implements KinesisAsyncClient, AutoCloseable {
    /** Decides the answer to the {@code call}-th request (from 0): a response, or an exception for a failed call. */
    interface Script {
        PutRecordsResponse answer(PutRecordsRequest request, int call);
    }

    private final Script script;
    private final long delayMillis;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final List<PutRecordsRequest> requests = new ArrayList<>();
    private final Set<String> keysUnderway = new HashSet<>();
    private final AtomicInteger calls = new AtomicInteger();
    private int underway;
    private int mostUnderway;
    private boolean sharedKeyUnderway;
    private volatile boolean hang;

    FakeKinesis(long delayMillis, Script script) {
        this.delayMillis = delayMillis;
        this.script = script;
    }

    /** Accepts every record. */
    static PutRecordsResponse acceptAll(PutRecordsRequest request) {
        return answer(request, List.of());
    }

    /** Fails the records at the given positions with a throttling error, accepts the others. */
    static PutRecordsResponse answer(PutRecordsRequest request, List<Integer> failedPositions) {
        List<PutRecordsResultEntry> results = new ArrayList<>();
        for (int i = 0; i < request.records().size(); i++) {
            results.add(
                    failedPositions.contains(i)
                            ? PutRecordsResultEntry.builder()
                                    .errorCode("ProvisionedThroughputExceededException")
                                    .errorMessage("Rate exceeded for shard shardId-000000000000")
                                    .build()
                            : PutRecordsResultEntry.builder()
                                    .shardId("shardId-000000000000")
                                    .sequenceNumber(Integer.toString(i))
                                    .build());
        }
        return PutRecordsResponse.builder()
                .failedRecordCount(failedPositions.size())
                .records(results)
                .build();
    }

    static KinesisException serviceError(String code, int status) {
        return (KinesisException) KinesisException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(code + " (scripted)")
                        .build())
                .build();
    }

    /** From now on, requests never complete. */
    void hang() {
        hang = true;
    }

    @Override
    public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
        int call = calls.getAndIncrement();
        Set<String> keys = new HashSet<>();
        request.records().forEach(entry -> keys.add(entry.partitionKey()));
        synchronized (this) {
            requests.add(request);
            for (String key : keys) {
                if (!keysUnderway.add(key)) {
                    sharedKeyUnderway = true;
                }
            }
            underway++;
            mostUnderway = Math.max(mostUnderway, underway);
        }
        CompletableFuture<PutRecordsResponse> response = new CompletableFuture<>();
        if (hang) {
            return response;
        }
        executor.schedule(
                () -> {
                    synchronized (this) {
                        keysUnderway.removeAll(keys);
                        underway--;
                    }
                    try {
                        response.complete(script.answer(request, call));
                    } catch (RuntimeException e) {
                        response.completeExceptionally(e);
                    }
                },
                delayMillis,
                TimeUnit.MILLISECONDS);
        return response;
    }

    synchronized List<PutRecordsRequest> requests() {
        return List.copyOf(requests);
    }

    /** The events of every request, in the order they were sent. */
    synchronized List<InteractionEvent> sentEvents() {
        return requests.stream()
                .flatMap(request -> request.records().stream())
                .map(PutRecordsRequestEntry::data)
                .map(data -> InteractionEvent.decode(data.asByteArray()))
                .toList();
    }

    synchronized int mostUnderway() {
        return mostUnderway;
    }

    synchronized boolean sharedKeyUnderway() {
        return sharedKeyUnderway;
    }

    @Override
    public String serviceName() {
        return "kinesis";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

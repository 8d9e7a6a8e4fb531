package io.glint.localstack.junit;

import io.glint.core.aws.AwsClients;
import io.glint.core.aws.AwsConfig;
import io.glint.core.config.Env;
import io.glint.core.config.ResourceNames;
import io.glint.core.config.RunMode;
import io.glint.localstack.LocalStack;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * One test class's view of the shared {@link LocalStack}: its own uniquely named, provisioned resources, the
 * environment a Glint role needs to use them, and AWS clients configured from that environment. {@link
 * LocalStackExtension} creates one per test class and closes it (and its clients) when the class ends; the stack
 * itself keeps running for the next class.
 */
public final class TestStack implements AutoCloseable {
    private final LocalStack stack;
    private final ResourceNames names;
    private final Map<String, String> environment;
    private AwsClients clients;
    private boolean closed;

    /** A view of already provisioned resources; {@link LocalStackExtension} provisions them before it creates this. */
    public TestStack(LocalStack stack, ResourceNames names) {
        this.stack = Objects.requireNonNull(stack, "stack");
        this.names = Objects.requireNonNull(names, "names");
        this.environment = stack.environment(names);
    }

    /**
     * Names no other test class uses: valid for every service (bucket names lowercase), readable in logs (they start
     * with {@code hint}), and unique per call.
     *
     * @param hint e.g. the test class's simple name; only its letters and digits are kept
     */
    public static ResourceNames uniqueNames(String hint) {
        String readable = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (readable.length() > 24) {
            readable = readable.substring(0, 24);
        }
        if (readable.isEmpty()) {
            readable = "test";
        }
        String base = readable + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return new ResourceNames(
                base + "-",
                base + "-interactions",
                base + "-uploads",
                base + "-uploads",
                base + "-uploads-dlq",
                base + "-archive",
                base + "-models");
    }

    public LocalStack stack() {
        return stack;
    }

    public ResourceNames names() {
        return names;
    }

    /** {@link LocalStack#environment} for this class's names. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The environment as a local {@link Env}, as a role would read it. */
    public Env env() {
        return Env.of(environment, RunMode.LOCAL);
    }

    /** Clients configured from {@link #env()}, created on first use and closed with this object. */
    public synchronized AwsClients clients() {
        if (closed) {
            throw new IllegalStateException("the test stack of this class is closed");
        }
        if (clients == null) {
            clients = new AwsClients(AwsConfig.from(env()));
        }
        return clients;
    }

    /**
     * Every record on this class's interactions stream so far, by shard id, each shard's records in order: read with
     * the plain Kinesis API from the trim horizon until the shard is caught up. Blocking: call it from the test thread.
     */
    public Map<String, List<Record>> streamRecords() throws Exception {
        KinesisAsyncClient kinesis = clients().kinesis();
        String stream = names.interactionsStream();
        Map<String, List<Record>> byShard = new LinkedHashMap<>();
        for (Shard shard : kinesis.listShards(request -> request.streamName(stream))
                .get(10, TimeUnit.SECONDS)
                .shards()) {
            List<Record> records = new ArrayList<>();
            String iterator = kinesis.getShardIterator(request -> request.streamName(stream)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .get(10, TimeUnit.SECONDS)
                    .shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse response = kinesis.getRecords(
                                request -> request.shardIterator(current).limit(10_000))
                        .get(10, TimeUnit.SECONDS);
                records.addAll(response.records());
                boolean caughtUp = response.records().isEmpty()
                        && (response.millisBehindLatest() == null || response.millisBehindLatest() == 0);
                iterator = caughtUp ? null : response.nextShardIterator();
            }
            byShard.put(shard.shardId(), records);
        }
        return byShard;
    }

    /** Closes the clients; the resources stay (they are unique, and go with the stack at the end of the JVM). */
    @Override
    public synchronized void close() {
        closed = true;
        if (clients != null) {
            clients.close();
            clients = null;
        }
    }

    @Override
    public String toString() {
        return "TestStack[" + names + "]";
    }
}

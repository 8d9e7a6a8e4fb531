package io.glint.streams.kcl;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.ResourceNames;
import io.glint.core.config.RunMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.metrics.MetricsLevel;

/**
 * How a KCL worker consumes the interactions stream.
 *
 * @param applicationName the KCL application; also the lease table's name ({@code GLINT_KCL_APPLICATION_NAME}, default
 *     the table prefix + {@code interactions-consumer})
 * @param workerId this worker's identity in the lease table ({@code GLINT_KCL_WORKER_ID}, default host name + random)
 * @param pollInterval time between GetRecords calls per shard ({@code GLINT_KCL_POLL_INTERVAL_MS}, default 200 ms, the
 *     most one consumer application may poll a shard: 5 calls/s)
 * @param initialPosition where a new lease starts ({@code GLINT_KCL_INITIAL_POSITION}: TRIM_HORIZON or LATEST)
 * @param metricsLevel KCL's CloudWatch metrics ({@code GLINT_KCL_METRICS_LEVEL}; NONE locally, SUMMARY on AWS)
 * @param fastStart pre-create the lease table and use short lease intervals, so that a local worker owns its shards
 *     in seconds instead of KCL's default ~40 s ({@code GLINT_KCL_FAST_START}; on locally, off on AWS)
 * @param shutdownTimeout how long a graceful stop may take before the scheduler is stopped hard
 */
public record StreamWorkerConfig(
        String streamName,
        String applicationName,
        String workerId,
        Duration pollInterval,
        InitialPositionInStream initialPosition,
        MetricsLevel metricsLevel,
        boolean fastStart,
        Duration shutdownTimeout) {

    public static final String APPLICATION_NAME = "GLINT_KCL_APPLICATION_NAME";
    public static final String WORKER_ID = "GLINT_KCL_WORKER_ID";
    public static final String POLL_INTERVAL = "GLINT_KCL_POLL_INTERVAL_MS";
    public static final String INITIAL_POSITION = "GLINT_KCL_INITIAL_POSITION";
    public static final String METRICS_LEVEL = "GLINT_KCL_METRICS_LEVEL";
    public static final String FAST_START = "GLINT_KCL_FAST_START";

    public static StreamWorkerConfig from(Env env) {
        ResourceNames names = ResourceNames.from(env);
        boolean local = env.mode() == RunMode.LOCAL;
        return new StreamWorkerConfig(
                names.interactionsStream(),
                env.string(APPLICATION_NAME, names.table("interactions-consumer")),
                env.string(WORKER_ID, defaultWorkerId()),
                env.millis(POLL_INTERVAL, Duration.ofMillis(200)),
                parse(env, INITIAL_POSITION, InitialPositionInStream.class, InitialPositionInStream.TRIM_HORIZON),
                parse(env, METRICS_LEVEL, MetricsLevel.class, local ? MetricsLevel.NONE : MetricsLevel.SUMMARY),
                env.bool(FAST_START, local),
                Duration.ofSeconds(20));
    }

    private static <E extends Enum<E>> E parse(Env env, String name, Class<E> type, E defaultValue) {
        String value = env.string(name, defaultValue.name());
        try {
            return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                    + ", but is '" + value + "'");
        }
    }

    private static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

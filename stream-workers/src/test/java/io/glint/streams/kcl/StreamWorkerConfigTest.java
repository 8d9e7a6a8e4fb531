package io.glint.streams.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.metrics.MetricsLevel;

class StreamWorkerConfigTest {
    private static final Map<String, String> AWS_NAMES = Map.of(
            "AWS_REGION", "eu-west-1",
            "GLINT_TABLE_PREFIX", "prod-",
            "GLINT_INTERACTIONS_STREAM", "prod-interactions",
            "GLINT_UPLOADS_BUCKET", "prod-uploads",
            "GLINT_UPLOADS_QUEUE", "prod-uploads",
            "GLINT_UPLOADS_DLQ", "prod-uploads-dlq",
            "GLINT_ARCHIVE_BUCKET", "prod-archive",
            "GLINT_MODELS_BUCKET", "prod-models");

    @Test
    void localWorkersStartFastWithoutCloudWatch() {
        StreamWorkerConfig config = StreamWorkerConfig.from(Env.of(Map.of(), RunMode.LOCAL));

        assertThat(config.fastStart()).isTrue();
        assertThat(config.metricsLevel()).isEqualTo(MetricsLevel.NONE);
        assertThat(config.applicationName()).isEqualTo("glint-interactions-consumer");
        assertThat(config.streamName()).isEqualTo("glint-interactions");
    }

    @Test
    void awsWorkersLeaveLeaseManagementToKclAndReportMetrics() {
        StreamWorkerConfig config = StreamWorkerConfig.from(Env.of(AWS_NAMES, RunMode.AWS));

        assertThat(config.fastStart()).isFalse();
        assertThat(config.metricsLevel()).isEqualTo(MetricsLevel.SUMMARY);
        assertThat(config.applicationName()).isEqualTo("prod-interactions-consumer");
        assertThat(config.initialPosition()).isEqualTo(InitialPositionInStream.TRIM_HORIZON);
    }

    @Test
    void anUnknownInitialPositionIsRejectedWithTheChoices() {
        Env env = Env.of(Map.of(StreamWorkerConfig.INITIAL_POSITION, "yesterday"), RunMode.LOCAL);

        assertThatThrownBy(() -> StreamWorkerConfig.from(env))
                .isInstanceOf(ConfigException.class)
                .hasMessage("GLINT_KCL_INITIAL_POSITION must be one of [LATEST, TRIM_HORIZON, AT_TIMESTAMP],"
                        + " but is 'yesterday'");
    }
}

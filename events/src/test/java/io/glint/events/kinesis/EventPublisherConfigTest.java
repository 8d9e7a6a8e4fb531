package io.glint.events.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventPublisherConfigTest {

    @Test
    void withoutVariablesTheDocumentedDefaultsApply() {
        EventPublisherConfig config = EventPublisherConfig.from(Env.of(Map.of(), RunMode.AWS));

        assertThat(config).isEqualTo(EventPublisherConfig.defaults());
        assertThat(config.bufferCapacity()).isEqualTo(10_000);
        assertThat(config.linger()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.maxInFlight()).isEqualTo(4);
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void everyVariableIsRead() {
        EventPublisherConfig config = EventPublisherConfig.from(Env.of(
                Map.of(
                        EventPublisherConfig.BUFFER_CAPACITY, "500",
                        EventPublisherConfig.LINGER, "20",
                        EventPublisherConfig.MAX_IN_FLIGHT, "2",
                        EventPublisherConfig.MAX_ATTEMPTS, "3",
                        EventPublisherConfig.RETRY_BACKOFF, "50",
                        EventPublisherConfig.CLOSE_TIMEOUT, "2000"),
                RunMode.LOCAL));

        assertThat(config)
                .isEqualTo(new EventPublisherConfig(
                        500, Duration.ofMillis(20), 2, 3, Duration.ofMillis(50), Duration.ofSeconds(2)));
    }

    @Test
    void aValueOutOfRangeNamesItsVariable() {
        assertThatThrownBy(() -> EventPublisherConfig.from(
                        Env.of(Map.of(EventPublisherConfig.MAX_IN_FLIGHT, "0"), RunMode.LOCAL)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(EventPublisherConfig.MAX_IN_FLIGHT);
        assertThatThrownBy(() ->
                        EventPublisherConfig.from(Env.of(Map.of(EventPublisherConfig.LINGER, "soon"), RunMode.LOCAL)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(EventPublisherConfig.LINGER);
        assertThatThrownBy(() -> EventPublisherConfig.defaults().withBufferCapacity(0))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(EventPublisherConfig.BUFFER_CAPACITY);
    }
}

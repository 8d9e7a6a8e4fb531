package io.glint.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model server's settings and their defaults. */
class ModelServerConfigTest {

    @Test
    void defaultsAreSageMakersContract() {
        ModelServerConfig config = ModelServerConfig.from(Env.of(Map.of(), RunMode.AWS));

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.modelName()).isEqualTo("ranking");
        assertThat(config.modelDir()).isEqualTo(Path.of("/opt/ml/model"));
        assertThat(config.reloadInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxRows()).isEqualTo(1000);
        assertThat(config.maxBodyBytes()).isEqualTo(6 * 1024 * 1024);
    }

    @Test
    void everyVariableIsRead() {
        ModelServerConfig config = ModelServerConfig.from(Env.of(
                Map.of(
                        "GLINT_MODEL_SERVER_HOST", "127.0.0.1",
                        "SAGEMAKER_BIND_TO_PORT", "0",
                        "GLINT_MODEL_NAME", "ranking-b",
                        "GLINT_MODEL_DIR", "/tmp/model",
                        "GLINT_MODEL_RELOAD_INTERVAL_MS", "200",
                        "GLINT_MODEL_MAX_ROWS", "5"),
                RunMode.LOCAL));

        assertThat(config)
                .isEqualTo(new ModelServerConfig(
                        "127.0.0.1",
                        0,
                        "ranking-b",
                        Path.of("/tmp/model"),
                        Duration.ofMillis(200),
                        5,
                        6 * 1024 * 1024));
    }

    @Test
    void aBadValueFailsWithTheVariablesName() {
        assertThatThrownBy(() -> read("SAGEMAKER_BIND_TO_PORT", "http"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SAGEMAKER_BIND_TO_PORT");
        assertThatThrownBy(() -> read("SAGEMAKER_BIND_TO_PORT", "70000"))
                .hasMessageStartingWith("SAGEMAKER_BIND_TO_PORT");
        assertThatThrownBy(() -> read("GLINT_MODEL_NAME", "Ranking/../x"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GLINT_MODEL_NAME");
        assertThatThrownBy(() -> read("GLINT_MODEL_RELOAD_INTERVAL_MS", "10"))
                .hasMessageStartingWith("GLINT_MODEL_RELOAD_INTERVAL_MS must be at least 50");
        assertThatThrownBy(() -> read("GLINT_MODEL_MAX_ROWS", "0")).hasMessageStartingWith("GLINT_MODEL_MAX_ROWS");
        assertThatThrownBy(() -> read("GLINT_MODEL_DIR", "bad\u0000path")).hasMessageStartingWith("GLINT_MODEL_DIR");
    }

    private static ModelServerConfig read(String variable, String value) {
        return ModelServerConfig.from(Env.of(Map.of(variable, value), RunMode.LOCAL));
    }
}

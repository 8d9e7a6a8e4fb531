package io.glint.streams.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveConfigTest {

    @Test
    void awsFilesCloseAt16MibOrAfterAMinute() {
        ArchiveConfig config = ArchiveConfig.from(Env.of(Map.of(), RunMode.AWS));

        assertThat(config).isEqualTo(new ArchiveConfig(16 * 1024 * 1024, Duration.ofSeconds(60)));
        assertThat(ArchiveConfig.defaults(RunMode.AWS)).isEqualTo(config);
    }

    @Test
    void localFilesCloseAfterFiveSecondsSoThatRunsSeeThemSoon() {
        ArchiveConfig config = ArchiveConfig.from(Env.of(Map.of(), RunMode.LOCAL));

        assertThat(config).isEqualTo(new ArchiveConfig(16 * 1024 * 1024, Duration.ofSeconds(5)));
    }

    @Test
    void variablesOverrideTheDefaults() {
        Env env = Env.of(Map.of(ArchiveConfig.MAX_BYTES, "1024", ArchiveConfig.MAX_AGE, "100"), RunMode.AWS);

        assertThat(ArchiveConfig.from(env)).isEqualTo(new ArchiveConfig(1024, Duration.ofMillis(100)));
    }

    @Test
    void aSizeBelowOneKibIsRejected() {
        Env env = Env.of(Map.of(ArchiveConfig.MAX_BYTES, "1023"), RunMode.LOCAL);

        assertThatThrownBy(() -> ArchiveConfig.from(env))
                .isInstanceOf(ConfigException.class)
                .hasMessage("GLINT_ARCHIVE_MAX_BYTES must be between 1024 and 134217728, but is 1023");
    }

    @Test
    void aSizeThatIsNotANumberIsRejected() {
        Env env = Env.of(Map.of(ArchiveConfig.MAX_BYTES, "16MiB"), RunMode.LOCAL);

        assertThatThrownBy(() -> ArchiveConfig.from(env))
                .isInstanceOf(ConfigException.class)
                .hasMessage("GLINT_ARCHIVE_MAX_BYTES must be a whole number, but is '16MiB'");
    }

    @Test
    void anAgeOutside100MsToAnHourIsRejected() {
        Env tooShort = Env.of(Map.of(ArchiveConfig.MAX_AGE, "99"), RunMode.AWS);
        Env tooLong = Env.of(Map.of(ArchiveConfig.MAX_AGE, "3600001"), RunMode.AWS);

        assertThatThrownBy(() -> ArchiveConfig.from(tooShort))
                .isInstanceOf(ConfigException.class)
                .hasMessage("GLINT_ARCHIVE_MAX_AGE_MS must be between 100 and 3600000, but is 99");
        assertThatThrownBy(() -> ArchiveConfig.from(tooLong))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GLINT_ARCHIVE_MAX_AGE_MS must be between");
    }

    @Test
    void theConstructorChecksTheSameRanges() {
        assertThatThrownBy(() -> new ArchiveConfig(512, Duration.ofSeconds(1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GLINT_ARCHIVE_MAX_BYTES");
        assertThatThrownBy(() -> new ArchiveConfig(4096, Duration.ofMillis(10)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GLINT_ARCHIVE_MAX_AGE_MS");
    }
}

package io.glint.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording taken with jcmd of another JVM, as {@code -Djfr=true} takes Glint's, and read back. */
class FlightRecordingTest {
    @TempDir
    Path folder;

    /** The JVM recorded: it spins in {@link #main} until it is killed. */
    public static final class Busy {
        private static volatile long sink;

        public static void main(String[] args) {
            long value = 1;
            while (true) {
                for (int i = 0; i < 1_000_000; i++) {
                    value = value * 6364136223846793005L + 1442695040888963407L;
                }
                sink += value;
            }
        }
    }

    @Test
    void recordsAnotherJvmFromStartToStop() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process busy = new ProcessBuilder(
                        java.toString(), "-cp", System.getProperty("java.class.path"), Busy.class.getName())
                .redirectErrorStream(true)
                .start();
        try {
            Path file = folder.resolve("busy.jfr");
            // jcmd reaches a JVM once it has started its attach listener: give it a moment, retrying.
            FlightRecording recording = null;
            for (int attempt = 0; recording == null; attempt++) {
                try {
                    recording = FlightRecording.start(busy.pid(), file);
                } catch (LoadException notYet) {
                    if (attempt == 20) {
                        throw notYet;
                    }
                    Thread.sleep(250);
                }
            }
            Instant from = Instant.now();
            Thread.sleep(1_500);
            Instant to = Instant.now();

            assertThat(recording.stop()).isEqualTo(file).isRegularFile();
            JfrProfile profile = JfrProfile.read(file, from, to, 5);
            assertThat(profile.cpuSamples()).isPositive();
            assertThat(profile.topGlint().get(0).getKey()).isEqualTo("FlightRecordingTest$Busy.main (io.glint.load)");
        } finally {
            busy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessThatIsNoJvmFailsWithWhatJcmdSaid() {
        assertThatThrownBy(() -> FlightRecording.start(ProcessHandle.current().pid() + 1_000_000, folder.resolve("x")))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("jcmd");
    }
}

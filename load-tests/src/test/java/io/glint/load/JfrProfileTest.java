package io.glint.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real flight recording of this JVM, with JFR's profile settings, while one thread spins and another allocates: the
 * profile must name them, each where it belongs.
 */
class JfrProfileTest {
    @TempDir
    static Path folder;

    private static Path recorded;
    private static Instant start;
    private static Instant end;
    private static volatile long sink;

    @BeforeAll
    static void record() throws Exception {
        recorded = folder.resolve("test.jfr");
        try (Recording recording = new Recording(profileSettings())) {
            // The profile settings sample thread CPU every 10 s; a short test needs it more often.
            recording.enable("jdk.ThreadCPULoad").withPeriod(Duration.ofMillis(100));
            recording.enable("jdk.CPULoad").withPeriod(Duration.ofMillis(100));
            recording.start();
            start = Instant.now();
            Thread spinner = new Thread(JfrProfileTest::spin, "spinner-1");
            Thread allocator = new Thread(JfrProfileTest::allocate, "allocator-7");
            spinner.start();
            allocator.start();
            spinner.join();
            allocator.join();
            end = Instant.now();
            recording.stop();
            recording.dump(recorded);
        }
    }

    private static Configuration profileSettings() throws java.io.IOException, ParseException {
        return Configuration.getConfiguration("profile");
    }

    /** About 1.5 s of arithmetic. */
    private static void spin() {
        long deadline = System.nanoTime() + 1_500_000_000L;
        long value = 1;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 10_000; i++) {
                value = value * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink += value;
    }

    /**
     * About 400 MB of byte arrays, each dropped at once, spread over about 1.3 s: JFR throttles allocation samples per
     * time window, and what a thread allocates after its last sample is in no sample's weight, so an allocator that
     * finished in a few tens of milliseconds left a varying share out (a clean-clone run summed 188 of 419 MB).
     */
    private static void allocate() {
        long sum = 0;
        for (int i = 0; i < 6_400; i++) {
            byte[] block = new byte[64 * 1024];
            block[i % block.length] = (byte) i;
            sum += block[(i * 31) % block.length];
            if (i % 100 == 99) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        sink += sum;
    }

    @Test
    void namesTheMethodThatSpinsAsWhereTheCpuWent() {
        JfrProfile profile = JfrProfile.read(recorded, start, end, 10);

        assertThat(profile.cpuSamples()).isPositive();
        assertThat(profile.topSelf().get(0).getKey()).isEqualTo("JfrProfileTest.spin (io.glint.load)");
        assertThat(profile.topGlint().get(0).getKey()).isEqualTo("JfrProfileTest.spin (io.glint.load)");
        assertThat(profile.topSelf().get(0).getValue()).isGreaterThan(0.5);
    }

    @Test
    void namesWhatAllocatedAndWhere() {
        JfrProfile profile = JfrProfile.read(recorded, start, end, 10);

        // The samples' weights add up to what was allocated: 6,400 blocks of 64 KiB, and a little more.
        assertThat(profile.allocatedBytes()).isBetween(200_000_000L, 1_000_000_000L);
        assertThat(profile.topAllocatedClasses().get(0).getKey()).isEqualTo("byte[]");
        assertThat(profile.topAllocationSites().get(0).getKey()).isEqualTo("JfrProfileTest.allocate (io.glint.load)");
        assertThat(profile.topGlintAllocation().get(0).getValue()).isGreaterThan(0.8);
    }

    @Test
    void countsThreadCpuByPoolWithTheNumbersTakenOut() {
        JfrProfile profile = JfrProfile.read(recorded, start, end, 10);

        Map<String, Double> pools = Map.ofEntries(profile.poolCores().toArray(Map.Entry[]::new));
        assertThat(pools).containsKey("spinner-#");
        assertThat(pools.get("spinner-#")).isGreaterThan(0.05).isLessThanOrEqualTo(1.2);
        assertThat(profile.processCores()).isGreaterThan(0);
    }

    @Test
    void namesArrayClassesAsJavaWritesThem() {
        assertThat(JfrProfile.typeName("[B")).isEqualTo("byte[]");
        assertThat(JfrProfile.typeName("[[J")).isEqualTo("long[][]");
        assertThat(JfrProfile.typeName("[Ljava.lang.Object;")).isEqualTo("java.lang.Object[]");
        assertThat(JfrProfile.typeName("java.lang.String")).isEqualTo("java.lang.String");
    }

    @Test
    void leavesOutWhatHappenedOutsideTheWindow() {
        JfrProfile before = JfrProfile.read(recorded, start.minusSeconds(60), start.minusSeconds(30), 10);

        assertThat(before.cpuSamples()).isZero();
        assertThat(before.allocatedBytes()).isZero();
        assertThat(before.topSelf()).isEmpty();
    }

    @Test
    void writesTheSummarySectionAndTheTextReport() {
        JfrProfile profile = JfrProfile.read(recorded, start, end, 5);

        JsonNode json = profile.json(new ObjectMapper(), recorded);
        assertThat(json.path("cpu").path("javaSamples").asLong()).isEqualTo(profile.cpuSamples());
        assertThat(json.path("cpu").path("self").get(0).path("name").asText()).contains("spin");
        assertThat(json.path("allocation").path("byClass").get(0).path("name").asText())
                .isEqualTo("byte[]");
        assertThat(json.path("allocation").path("megabytesPerSecond").asDouble())
                .isPositive();
        assertThat(json.path("cpu").path("self")).hasSizeLessThanOrEqualTo(5);
        assertThat(profile.text())
                .contains("by method on top of the stack")
                .contains("JfrProfileTest.spin (io.glint.load)")
                .contains("spinner-#");
    }
}

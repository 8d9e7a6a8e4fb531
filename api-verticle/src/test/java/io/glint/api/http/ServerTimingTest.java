package io.glint.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ServerTimingTest {
    @Test
    void theWholeComesFirstThenEachPhaseInTheOrderItEnded() throws InterruptedException {
        ServerTiming timing = ServerTiming.starting();
        Thread.sleep(20);
        timing.mark("read");
        timing.mark("score");
        Thread.sleep(5);
        timing.mark("finish");

        String header = timing.header("recommend", timing.elapsedNanos());

        assertThat(header)
                .matches("recommend;dur=[0-9]+\\.[0-9], read;dur=[0-9]+\\.[0-9], score;dur=[0-9]+\\.[0-9],"
                        + " finish;dur=[0-9]+\\.[0-9]");
        double[] durations = Arrays.stream(header.split(","))
                .mapToDouble(metric -> Double.parseDouble(metric.substring(metric.indexOf("dur=") + 4)))
                .toArray();
        assertThat(durations[1]).isGreaterThanOrEqualTo(20.0);
        assertThat(durations[2]).isLessThan(durations[1]);
        assertThat(durations[3]).isGreaterThanOrEqualTo(5.0);
        // The phases make up the whole (each is rounded to 0.1 ms).
        assertThat(durations[1] + durations[2] + durations[3]).isBetween(durations[0] - 0.3, durations[0] + 0.3);
    }

    @Test
    void withoutPhasesTheHeaderIsTheWholeAlone() {
        assertThat(ServerTiming.starting().header("recommend", 12_345_678)).isEqualTo("recommend;dur=12.3");
    }
}

package io.glint.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GlintMetricsTest {

    @Test
    void metersAreSummedOverTheirLabelsAndTheRestIgnored() {
        String text =
                """
                # HELP jvm_gc_pause_seconds Time spent in GC pause
                # TYPE jvm_gc_pause_seconds summary
                jvm_gc_pause_seconds_count{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation",role="local"} 9
                jvm_gc_pause_seconds_sum{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation",role="local"} 0.218
                jvm_gc_pause_seconds_count{action="end of major GC",cause="System.gc()",gc="G1 Old Generation",role="local"} 1
                jvm_gc_pause_seconds_max{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation",role="local"} 0.064
                jvm_gc_pause_seconds_max{action="end of major GC",cause="System.gc()",gc="G1 Old Generation",role="local"} 0.02
                glint_features_writes_total{entity="item",role="local"} 7152.0
                glint_features_writes_total{entity="user",role="local"} 621.0
                process_cpu_time_ns_total{role="local"} 5.061E10
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space",role="local"} 1.2E8
                glint_recommendations_impressions_total{outcome="logged",role="local"} 4000.0
                glint_recommendations_impressions_total{outcome="dropped",role="local"} 20.0
                """;

        Map<String, Double> parsed = GlintMetrics.parse(text);

        assertThat(parsed)
                .containsEntry("jvm_gc_pause_seconds_count", 10.0)
                .containsEntry("jvm_gc_pause_seconds_sum", 0.218)
                .containsEntry("jvm_gc_pause_seconds_max", 0.064)
                .containsEntry("glint_features_writes_total", 7773.0)
                .containsEntry("process_cpu_time_ns_total", 5.061E10)
                .doesNotContainKey("jvm_memory_used_bytes")
                // A meter named with a label counts only its samples with that label.
                .containsEntry("glint_recommendations_impressions_total{outcome=\"logged\"}", 4000.0)
                .containsEntry("glint_recommendations_impressions_total{outcome=\"dropped\"}", 20.0)
                .doesNotContainKey("glint_recommendations_impressions_total");
    }

    @Test
    void growthIsTheDifferenceInSecondsAndCounts() {
        Map<String, Object> growth = GlintMetrics.growth(
                Map.of("process_cpu_time_ns_total", 5.0E10, "jvm_gc_pause_seconds_count", 9.0),
                Map.of(
                        "process_cpu_time_ns_total",
                        1.175E11,
                        "jvm_gc_pause_seconds_count",
                        38.0,
                        "jvm_gc_pause_seconds_max",
                        0.064));

        assertThat(growth)
                .containsEntry("processCpuSeconds", 67.5)
                .containsEntry("gcPauses", 29.0)
                .containsEntry("gcPauseMaxSecondsRecent", 0.064);
        assertThat(GlintMetrics.growth(Map.of(), Map.of("jvm_gc_pause_seconds_count", 1.0)))
                .isEmpty();
    }
}

package io.glint.training.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.training.evaluation.EvaluationResult;
import io.glint.training.evaluation.Metrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
    @Test
    void reportJsonHasExactlyTheMetricsShape() {
        Map<String, Map<String, Metrics>> methods = new LinkedHashMap<>();
        for (String method : new String[] {"model", "popularity", "itemknn"}) {
            Map<String, Metrics> protocols = new LinkedHashMap<>();
            protocols.put(EvaluationResult.FULL, new Metrics(0.5, 0.25, 0.2, 0.1, 7));
            protocols.put(EvaluationResult.SAMPLED, new Metrics(0.9, 0.6, 0.55, 0.3, 7));
            methods.put(method, protocols);
        }

        Map<String, Object> report = ReportWriter.reportJson(new EvaluationResult(methods, 7, 100));

        assertThat(report.keySet()).containsExactly("model", "popularity", "itemknn");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> model = (Map<String, Map<String, Object>>) report.get("model");
        assertThat(model.keySet()).containsExactly("full", "sampled100");
        assertThat(model.get("full"))
                .containsExactly(
                        Map.entry("hr@10", 0.5),
                        Map.entry("ndcg@10", 0.25),
                        Map.entry("mrr", 0.2),
                        Map.entry("coverage", 0.1));
    }

    @Test
    void chartScaleIsRounded() {
        assertThat(BarChart.niceCeiling(0.87)).isEqualTo(1.0);
        assertThat(BarChart.niceCeiling(0.42)).isEqualTo(0.5);
        assertThat(BarChart.niceCeiling(0.04)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(BarChart.niceCeiling(0)).isEqualTo(1.0);
    }
}

package io.glint.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading a real Gatling 3.15.1 report ({@code gatling-3.15.1-report.html}: the index.html of a short recommendation run
 * with a p99 gate of 0 ms, which failed).
 */
class GatlingReportTest {

    @Test
    void statisticsTableIsReadWithItsOwnPercentileColumns() throws IOException {
        GatlingReport report = GatlingReport.parse(fixture());

        GatlingReport.Row global = report.global();
        assertThat(global.path()).isEqualTo("All Requests");
        assertThat(global.total()).isEqualTo(9);
        assertThat(global.ok()).isEqualTo(9);
        assertThat(global.ko()).isZero();
        assertThat(global.perSecond()).isEqualTo(1.8);
        assertThat(global.percentiles()).containsOnlyKeys("p50", "p95", "p99", "p99.9");
        assertThat(global.percentiles()).containsEntry("p50", 38L).containsEntry("p99", 1135L);
        assertThat(global.min()).isEqualTo(18);
        assertThat(global.max()).isEqualTo(1135);
    }

    @Test
    void requestsAreNamedAfterTheirGroups() throws IOException {
        GatlingReport report = GatlingReport.parse(fixture());

        assertThat(report.rows())
                .extracting(GatlingReport.Row::path)
                .contains(
                        "setup",
                        "setup / POST /v1/auth/signup",
                        "recommendations",
                        "recommendations / GET /v1/recommendations");
        GatlingReport.Row recommendations = report.rows().stream()
                .filter(row -> row.path().equals("recommendations / GET /v1/recommendations"))
                .findFirst()
                .orElseThrow();
        assertThat(recommendations.group()).isFalse();
        assertThat(recommendations.total()).isEqualTo(6);
        assertThat(recommendations.percentiles().get("p50"))
                .isLessThanOrEqualTo(recommendations.percentiles().get("p99"));
        assertThat(report.rows().stream()
                        .filter(row -> row.path().equals("setup"))
                        .findFirst()
                        .orElseThrow()
                        .group())
                .isTrue();
    }

    @Test
    void assertionsAreReadWithTheirOutcome() throws IOException {
        GatlingReport report = GatlingReport.parse(fixture());

        assertThat(report.assertions())
                .containsExactly(
                        new GatlingReport.AssertionRow("Global: percentage of failed events is less than 1.0", true),
                        new GatlingReport.AssertionRow(
                                "recommendations: 99th percentile of response time is less than 0.0", false),
                        new GatlingReport.AssertionRow(
                                "report views: 99th percentile of response time is less than 0.0", false));
        assertThat(report.runInfo()).containsKeys("date", "duration");
    }

    @Test
    void aPageWithoutTheStatisticsTableIsRefusedNotReadAsEmpty() {
        assertThatThrownBy(() -> GatlingReport.parse("<html><body><table></table></body></html>"))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("statistics table");
        List<String> labels = List.of("Total", "OK", "KO", "% KO", "Cnt/s", "Min", "Max", "Mean", "Std Dev");
        StringBuilder noRows = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            noRows.append("<th id=\"col-")
                    .append(i + 2)
                    .append("\"><span>")
                    .append(labels.get(i))
                    .append("</span></th>");
        }
        assertThatThrownBy(() -> GatlingReport.parse(noRows.toString()))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("All Requests");
    }

    private static String fixture() throws IOException {
        try (InputStream in = GatlingReportTest.class.getResourceAsStream("gatling-3.15.1-report.html")) {
            assertThat(in).as("fixture").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

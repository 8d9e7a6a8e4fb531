package io.glint.training.report;

import io.glint.training.evaluation.EvaluationResult;
import io.glint.training.evaluation.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An SVG bar chart of HR@10 and NDCG@10 for every method under both protocols (no dependencies, plain SVG). */
final class BarChart {
    private static final String[] COLOURS = {"#2f6fdf", "#e08a1e", "#3a9d5d", "#8e5bd0", "#c94c4c"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 380;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private BarChart() {}

    static String svg(EvaluationResult result) {
        List<String> methods = new ArrayList<>(result.methods().keySet());
        String[][] groups = {
            {EvaluationResult.FULL, "hr"},
            {EvaluationResult.FULL, "ndcg"},
            {EvaluationResult.SAMPLED, "hr"},
            {EvaluationResult.SAMPLED, "ndcg"}
        };
        double max = 0;
        for (String method : methods) {
            for (String[] group : groups) {
                max = Math.max(max, value(result.get(method, group[0]), group[1]));
            }
        }
        double top = niceCeiling(max);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double groupWidth = plotWidth / (double) groups.length;
        double barWidth = groupWidth * 0.8 / Math.max(1, methods.size());
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">HR@10 and NDCG@10 by method</text>%n",
                LEFT));
        for (int tick = 0; tick <= 4; tick++) {
            double value = top * tick / 4;
            double y = TOP + plotHeight - plotHeight * tick / 4.0;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n",
                    LEFT,
                    y,
                    WIDTH - RIGHT,
                    y,
                    LEFT - 6,
                    y + 4,
                    value));
        }
        for (int g = 0; g < groups.length; g++) {
            double groupX = LEFT + g * groupWidth + groupWidth * 0.1;
            for (int m = 0; m < methods.size(); m++) {
                double value = value(result.get(methods.get(m), groups[g][0]), groups[g][1]);
                double height = top == 0 ? 0 : plotHeight * value / top;
                double x = groupX + m * barWidth;
                double y = TOP + plotHeight - height;
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s %s %s: %.4f</title></rect>%n",
                        x,
                        y,
                        barWidth - 2,
                        height,
                        COLOURS[m % COLOURS.length],
                        methods.get(m),
                        label(groups[g][1]),
                        groups[g][0],
                        value));
                svg.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">%.3f</text>%n",
                        x + (barWidth - 2) / 2,
                        y - 4,
                        value));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s (%s)</text>%n",
                    LEFT + g * groupWidth + groupWidth / 2,
                    TOP + plotHeight + 20,
                    label(groups[g][1]),
                    groups[g][0]));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                LEFT,
                TOP + plotHeight,
                WIDTH - RIGHT,
                TOP + plotHeight));
        for (int m = 0; m < methods.size(); m++) {
            int x = LEFT + m * 130;
            int y = HEIGHT - 22;
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                    x,
                    y - 10,
                    COLOURS[m % COLOURS.length],
                    x + 18,
                    y,
                    methods.get(m)));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String label(String metric) {
        return "hr".equals(metric) ? "HR@10" : "NDCG@10";
    }

    private static double value(Metrics metrics, String metric) {
        if (metrics == null) {
            return 0;
        }
        return "hr".equals(metric) ? metrics.hr10() : metrics.ndcg10();
    }

    /** The smallest of 0.1, 0.2, 0.25, 0.5, 1 (times a power of ten) at or above the value; 1 for nothing. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}

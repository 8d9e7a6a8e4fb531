package io.glint.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statistics of a Gatling HTML report, read from its {@code index.html}. Gatling 3.12 and later no longer write
 * {@code js/stats.json}: the report's statistics table (and its assertions table) is where the figures are, one row
 * per request and per group with the percentiles {@code gatling.conf} configures. The column headers are read, not
 * assumed, so a report with other percentiles is read correctly, and a report whose table is not understood fails
 * loudly instead of yielding wrong figures.
 */
final class GatlingReport {
    private static final Pattern HEADER =
            Pattern.compile("<th[^>]*id=\"col-(\\d+)\"[^>]*>\\s*<span>(?:<abbr[^>]*>)?([^<]+)(?:</abbr>)?</span>");
    private static final Pattern ROW =
            Pattern.compile("<tr id=\"([^\"]+)\"(?: data-parent=\"([^\"]+)\")?\\s*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("class=\"ellipsed-name\">(.*?)</span>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");
    private static final Pattern PERCENTILE = Pattern.compile("([0-9.]+)th pct");
    private static final Pattern ASSERTIONS =
            Pattern.compile("<table id=\"container_assertions\".*?<tbody>(.*?)</tbody>", Pattern.DOTALL);
    private static final Pattern ASSERTION = Pattern.compile(
            "<td class=\"error-col-1[^\"]*\">\\s*(.*?)\\s*<span.*?<td class=\"error-col-2[^\"]*\">(OK|KO)</td>",
            Pattern.DOTALL);
    private static final Pattern RUN_INFO = Pattern.compile(
            "simulation-information-label\">(Date|Duration): </span>\\s*<span>([^<]*)</span>", Pattern.DOTALL);

    /**
     * One row: a request or a group ({@code path} is its groups and name joined with " / "), its counts, throughput
     * (Gatling's mean over the whole run) and response times in milliseconds ({@code percentiles} keyed p50, p95, …).
     */
    record Row(
            String path,
            boolean group,
            long total,
            long ok,
            long ko,
            double koPercent,
            double perSecond,
            Long min,
            Map<String, Long> percentiles,
            Long max,
            Long mean,
            Long stdDev) {}

    /** An assertion and whether it held. */
    record AssertionRow(String description, boolean passed) {}

    private final Row global;
    private final List<Row> rows;
    private final List<AssertionRow> assertions;
    private final Map<String, String> runInfo;

    private GatlingReport(Row global, List<Row> rows, List<AssertionRow> assertions, Map<String, String> runInfo) {
        this.global = global;
        this.rows = rows;
        this.assertions = assertions;
        this.runInfo = runInfo;
    }

    /**
     * Reads the report in {@code directory}.
     *
     * @throws LoadException when its statistics table cannot be read (no index.html, or a layout this does not know)
     */
    static GatlingReport read(Path directory) {
        Path index = directory.resolve("index.html");
        try {
            return parse(Files.readString(index, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Gatling report " + index, e);
        }
    }

    static GatlingReport parse(String html) {
        Map<Integer, String> columns = new HashMap<>();
        Matcher header = HEADER.matcher(html);
        while (header.find()) {
            columns.put(Integer.parseInt(header.group(1)), header.group(2).trim());
        }
        for (String expected : List.of("Total", "OK", "KO", "% KO", "Cnt/s", "Min", "Max", "Mean", "Std Dev")) {
            if (!columns.containsValue(expected)) {
                throw new LoadException("the Gatling report's statistics table has no '" + expected
                        + "' column (columns: " + columns.values() + "); this reader knows Gatling 3.15's layout");
            }
        }
        Row global = null;
        List<Row> rows = new ArrayList<>();
        Map<String, String> paths = new HashMap<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            String id = row.group(1);
            String parent = row.group(2);
            Matcher name = NAME.matcher(row.group(3));
            if (!name.find()) {
                continue;
            }
            String label = unescape(name.group(1).trim());
            String path = parent == null || "ROOT".equals(parent) || !paths.containsKey(parent)
                    ? label
                    : paths.get(parent) + " / " + label;
            paths.put(id, path);
            Row parsed = row(path, id.startsWith("group_"), row.group(3), columns);
            if ("ROOT".equals(id)) {
                global = parsed;
            } else {
                rows.add(parsed);
            }
        }
        if (global == null) {
            throw new LoadException(
                    "the Gatling report has no 'All Requests' row; this reader knows Gatling 3.15's" + " layout");
        }
        List<AssertionRow> assertions = new ArrayList<>();
        Matcher table = ASSERTIONS.matcher(html);
        if (table.find()) {
            Matcher assertion = ASSERTION.matcher(table.group(1));
            while (assertion.find()) {
                assertions.add(new AssertionRow(unescape(assertion.group(1).trim()), "OK".equals(assertion.group(2))));
            }
        }
        Map<String, String> runInfo = new LinkedHashMap<>();
        Matcher info = RUN_INFO.matcher(html);
        while (info.find()) {
            runInfo.put(info.group(1).toLowerCase(Locale.ROOT), info.group(2).trim());
        }
        return new GatlingReport(global, List.copyOf(rows), List.copyOf(assertions), runInfo);
    }

    /** All requests together. */
    Row global() {
        return global;
    }

    /** Every group and request, in the report's order (a group before its requests). */
    List<Row> rows() {
        return rows;
    }

    /** The assertions and whether each held. */
    List<AssertionRow> assertions() {
        return assertions;
    }

    /** The run's date and duration as the report states them. */
    Map<String, String> runInfo() {
        return runInfo;
    }

    private static Row row(String path, boolean group, String cells, Map<Integer, String> columns) {
        Map<String, String> values = new HashMap<>();
        Map<String, Long> percentiles = new LinkedHashMap<>();
        Matcher cell = CELL.matcher(cells);
        while (cell.find()) {
            String column = columns.get(Integer.parseInt(cell.group(1)));
            String value = cell.group(2).trim();
            if (column == null) {
                continue;
            }
            Matcher percentile = PERCENTILE.matcher(column);
            if (percentile.matches()) {
                percentiles.put("p" + stripZeros(percentile.group(1)), whole(value));
            } else {
                values.put(column, value);
            }
        }
        return new Row(
                path,
                group,
                count(values.get("Total")),
                count(values.get("OK")),
                count(values.get("KO")),
                decimal(values.get("% KO")),
                decimal(values.get("Cnt/s")),
                whole(values.get("Min")),
                percentiles,
                whole(values.get("Max")),
                whole(values.get("Mean")),
                whole(values.get("Std Dev")));
    }

    private static long count(String value) {
        Long parsed = whole(value);
        return parsed == null ? 0 : parsed;
    }

    /** A whole number of the table, or null for "-" (no value: e.g. response times of a row with no request). */
    private static Long whole(String value) {
        if (value == null || value.isBlank() || "-".equals(value)) {
            return null;
        }
        return Math.round(Double.parseDouble(value.replace(",", "")));
    }

    private static double decimal(String value) {
        if (value == null || value.isBlank() || "-".equals(value)) {
            return 0;
        }
        return Double.parseDouble(value.replace(",", ""));
    }

    private static String stripZeros(String number) {
        return number.contains(".") ? number.replaceAll("0+$", "").replaceAll("\\.$", "") : number;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&#x27;", "'")
                .replace("&amp;", "&");
    }
}

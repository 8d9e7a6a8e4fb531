package io.glint.modelserver;

import io.glint.core.error.InvalidException;
import io.glint.core.error.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a {@code text/csv} invocation, as SageMaker's built-in XGBoost container reads them: one row per line
 * ({@code \n} or {@code \r\n}, the last line's terminator optional), comma-separated decimal numbers, no header, no
 * quoting. An empty field (or {@code nan}) is a missing value, {@link Float#NaN}. Every line must have exactly the
 * model's number of columns.
 */
final class CsvRows {
    /** Longer than any float needs ({@code -1.17549435E-38} is 15); bounds the work one field can cost. */
    static final int MAX_FIELD_CHARS = 64;

    private CsvRows() {}

    /**
     * Parses a body.
     *
     * @param width the number of columns every row must have
     * @param maxRows the most rows accepted
     * @throws InvalidException when the body is empty, or a line has another number of columns or a field that is not a
     *     number; the message gives the 1-based line (and column) number
     * @throws PayloadTooLargeException when the body has more than {@code maxRows} rows
     */
    static float[][] parse(byte[] body, int width, int maxRows) {
        int end = body.length;
        if (end > 0 && body[end - 1] == '\n') {
            end--;
            if (end > 0 && body[end - 1] == '\r') {
                end--;
            }
        }
        if (end == 0) {
            throw new InvalidException(
                    "The body is empty: send one row per line, " + width + " comma-separated numbers each, no header");
        }
        List<float[]> rows = new ArrayList<>();
        int line = 0;
        int position = 0;
        while (position <= end) {
            line++;
            if (line > maxRows) {
                throw new PayloadTooLargeException(
                        "The body has more than " + maxRows + " rows; send at most " + maxRows + " per invocation");
            }
            int lineEnd = position;
            while (lineEnd < end && body[lineEnd] != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd > position && body[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            rows.add(row(body, position, contentEnd, width, line));
            position = lineEnd + 1;
        }
        return rows.toArray(new float[0][]);
    }

    private static float[] row(byte[] body, int from, int to, int width, int line) {
        int columns = 1;
        for (int i = from; i < to; i++) {
            if (body[i] == ',') {
                columns++;
            }
        }
        if (columns != width) {
            throw new InvalidException("Line " + line + " has " + columns + (columns == 1 ? " column" : " columns")
                    + ", the model takes " + width);
        }
        float[] row = new float[width];
        int column = 0;
        int fieldStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || body[i] == ',') {
                row[column] = field(body, fieldStart, i, line, column + 1);
                column++;
                fieldStart = i + 1;
            }
        }
        return row;
    }

    private static float field(byte[] body, int from, int to, int line, int column) {
        int start = from;
        int end = to;
        while (start < end && isBlank(body[start])) {
            start++;
        }
        while (end > start && isBlank(body[end - 1])) {
            end--;
        }
        if (start == end) {
            return Float.NaN;
        }
        if (end - start > MAX_FIELD_CHARS) {
            throw invalid(line, column, "the value is longer than " + MAX_FIELD_CHARS + " characters");
        }
        // Float.parseFloat alone would also take "Infinity", hex ("0x1p3") and type suffixes ("1f"): not CSV numbers.
        for (int i = start; i < end; i++) {
            if (!isNumberChar(body[i])) {
                String text = text(body, start, end);
                if (text.equalsIgnoreCase("nan")) {
                    return Float.NaN;
                }
                throw invalid(line, column, "'" + printable(text) + "' is not a number");
            }
        }
        String text = text(body, start, end);
        float value;
        try {
            value = Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw invalid(line, column, "'" + text + "' is not a number");
        }
        if (Float.isInfinite(value)) {
            throw invalid(line, column, "'" + text + "' is beyond the range of a 32-bit float");
        }
        return value;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    private static boolean isNumberChar(byte b) {
        return (b >= '0' && b <= '9') || b == '.' || b == '-' || b == '+' || b == 'e' || b == 'E';
    }

    private static String text(byte[] body, int from, int to) {
        return new String(body, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The value as it may be echoed in a response: printable ASCII, short. */
    private static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && i < 24; i++) {
            char c = text.charAt(i);
            shown.append(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
        }
        return text.length() > 24 ? shown + "..." : shown.toString();
    }

    private static InvalidException invalid(int line, int column, String reason) {
        return new InvalidException("Line " + line + ", column " + column + ": " + reason);
    }
}

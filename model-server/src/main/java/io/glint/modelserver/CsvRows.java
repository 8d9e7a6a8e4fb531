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

    /** Significant digits {@link #plainDecimal} reads: 10^15 is below 2^53, so they are an exact double. */
    private static final int FAST_DIGITS = 15;
    /** 10^0 to 10^22: every one an exact double. */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };
    /** The 29 fraction bits a double has beyond a float's 23. */
    private static final long BELOW_FLOAT_PRECISION = (1L << 29) - 1;
    /** Those bits of a double exactly halfway between two (normal) floats. */
    private static final long HALFWAY_BETWEEN_FLOATS = 1L << 28;

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
        float plain = plainDecimal(body, start, end);
        if (!Float.isNaN(plain)) {
            return plain;
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

    /**
     * The value of a plain decimal ({@code [+-]digits[.digits][(e|E)[+-]digits]}, what the endpoint client writes) of at
     * most {@value #FAST_DIGITS} significant digits, read without allocating: exactly {@link Float#parseFloat}'s
     * result. {@link Float#NaN} when the text is anything else, or a value this way cannot round correctly, for which
     * {@link Float#parseFloat} decides (and reports what is wrong).
     *
     * <p>Why it is exact: the digits (below 2^53) and a power of ten up to 10^22 are exact doubles, so one multiplication
     * or division rounds the decimal's exact value correctly to a double. Rounding that double again, to a float, gives
     * the decimal correctly rounded to a float, unless the double lies exactly halfway between two floats: the exact
     * value may then have been on either side, and {@link Float#parseFloat} decides. (Every value read this way is zero
     * or between 10^-22 and 10^37, in the floats' normal range, where a float is a double with 29 fraction bits fewer.)
     */
    static float plainDecimal(byte[] text, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (text[i] == '-' || text[i] == '+')) {
            negative = text[i] == '-';
            i++;
        }
        long digits = 0;
        int significant = 0;
        int scale = 0;
        boolean anyDigit = false;
        for (; i < to && isDigit(text[i]); i++) {
            anyDigit = true;
            if (digits > 0 || text[i] != '0') {
                if (++significant > FAST_DIGITS) {
                    return Float.NaN;
                }
                digits = digits * 10 + (text[i] - '0');
            }
        }
        if (i < to && text[i] == '.') {
            for (i++; i < to && isDigit(text[i]); i++) {
                anyDigit = true;
                scale--;
                if (digits > 0 || text[i] != '0') {
                    if (++significant > FAST_DIGITS) {
                        return Float.NaN;
                    }
                    digits = digits * 10 + (text[i] - '0');
                }
            }
        }
        if (!anyDigit) {
            return Float.NaN;
        }
        if (i < to && (text[i] == 'e' || text[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (text[i] == '-' || text[i] == '+')) {
                negativeExponent = text[i] == '-';
                i++;
            }
            if (i == to) {
                return Float.NaN;
            }
            int exponent = 0;
            for (; i < to && isDigit(text[i]); i++) {
                exponent = exponent * 10 + (text[i] - '0');
                if (exponent > 1000) {
                    return Float.NaN;
                }
            }
            scale += negativeExponent ? -exponent : exponent;
        }
        if (i != to) {
            return Float.NaN;
        }
        double value;
        if (digits == 0) {
            value = 0;
        } else if (scale >= 0 && scale < POWERS_OF_TEN.length) {
            value = digits * POWERS_OF_TEN[scale];
        } else if (scale < 0 && -scale < POWERS_OF_TEN.length) {
            value = digits / POWERS_OF_TEN[-scale];
        } else {
            return Float.NaN;
        }
        // Zero, or between 10^-22 and 10^37: within the floats' normal range.
        if ((Double.doubleToRawLongBits(value) & BELOW_FLOAT_PRECISION) == HALFWAY_BETWEEN_FLOATS) {
            return Float.NaN;
        }
        float rounded = (float) value;
        return negative ? -rounded : rounded;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
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

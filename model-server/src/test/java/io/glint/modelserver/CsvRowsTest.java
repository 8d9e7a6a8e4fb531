package io.glint.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.error.InvalidException;
import io.glint.core.error.PayloadTooLargeException;
import io.glint.model.scoring.EndpointBodies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The text/csv rows of an invocation. */
class CsvRowsTest {

    @Test
    void readsOneRowPerLineWithOrWithoutAFinalNewline() {
        assertThat(parse("1,2.5,-3\n4e2,+5,0.125\n", 3, 10))
                .isDeepEqualTo(new float[][] {{1, 2.5f, -3}, {400, 5, 0.125f}});
        assertThat(parse("1,2.5,-3\n4e2,+5,0.125", 3, 10))
                .isDeepEqualTo(new float[][] {{1, 2.5f, -3}, {400, 5, 0.125f}});
    }

    @Test
    void acceptsWindowsLineEnds() {
        assertThat(parse("1,2\r\n3,4\r\n", 2, 10)).isDeepEqualTo(new float[][] {{1, 2}, {3, 4}});
    }

    @Test
    void anEmptyFieldOrNanIsMissing() {
        float[][] rows = parse(",1,,nan, NaN \n", 5, 10);

        assertThat(rows[0][0]).isNaN();
        assertThat(rows[0][1]).isEqualTo(1f);
        assertThat(rows[0][2]).isNaN();
        assertThat(rows[0][3]).isNaN();
        assertThat(rows[0][4]).isNaN();
    }

    @Test
    void valuesAreReadAsTheNearestFloat() {
        assertThat(parse("0.1, 1.17549435E-38 ,16777217", 3, 1)[0]).containsExactly(0.1f, 1.17549435E-38f, 16777216f);
    }

    @Test
    void halfwayValuesRoundToEvenAsFloatParseFloatRoundsThem() {
        // Each exactly halfway between two floats: the one with the even last bit wins.
        assertThat(parse("16777217,16777219,33554434,8.3886085E6", 4, 1)[0])
                .containsExactly(16777216f, 16777220f, 33554432f, 8388608f);
        // Each just off halfway, but nearest to the halfway double: rounding via that double would go the wrong way.
        String[] nearlyHalfway = {"3.08659565448761", "0.00000761294018047920", "3.62639490958074E+22"};
        float[] read = parse(String.join(",", nearlyHalfway), nearlyHalfway.length, 1)[0];
        for (int i = 0; i < nearlyHalfway.length; i++) {
            assertThat(read[i]).as(nearlyHalfway[i]).isEqualTo(Float.parseFloat(nearlyHalfway[i]));
        }
    }

    @Test
    void everyValueTheEndpointClientWritesIsReadBackExactly() {
        SplittableRandom random = new SplittableRandom(8);
        int width = 19;
        List<float[]> rows = new ArrayList<>();
        for (int r = 0; r < 2_000; r++) {
            float[] row = new float[width];
            for (int j = 0; j < width; j++) {
                row[j] = switch (random.nextInt(8)) {
                    case 0 -> Float.NaN;
                    case 1 -> random.nextInt(-1_000, 100_000);
                    case 2 -> (float) Math.log1p(random.nextInt(1_000_000));
                    case 3 -> (float) random.nextDouble(-1, 1);
                    case 4 -> (float) (random.nextDouble() * Math.pow(10, random.nextInt(-30, 30)));
                    case 5 -> Float.intBitsToFloat(random.nextInt() & 0x7fffffff) % 1e30f;
                    case 6 -> random.nextBoolean() ? -0f : 0f;
                    default -> -(float) random.nextDouble(0, 1e7);
                };
            }
            rows.add(row);
        }

        float[][] read =
                CsvRows.parse(EndpointBodies.csv(rows, width).getBytes(StandardCharsets.UTF_8), width, rows.size());

        for (int r = 0; r < rows.size(); r++) {
            assertThat(read[r]).as("row %d", r).containsExactly(rows.get(r));
        }
    }

    @Test
    void plainDecimalsAreReadAsFloatParseFloatReadsThem() {
        SplittableRandom random = new SplittableRandom(9);
        int readWithoutParseFloat = 0;
        int cases = 50_000;
        for (int k = 0; k < cases; k++) {
            String text = randomDecimal(random);
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            float plain = CsvRows.plainDecimal(bytes, 0, bytes.length);
            if (!Float.isNaN(plain)) {
                readWithoutParseFloat++;
                assertThat(plain).as(text).isEqualTo(Float.parseFloat(text));
            }
            float expected = Float.parseFloat(text);
            if (Float.isFinite(expected)) {
                assertThat(parse(text, 1, 1)[0][0]).as(text).isEqualTo(expected);
            }
        }
        assertThat(readWithoutParseFloat).isGreaterThan(cases / 2);
    }

    /** A decimal with up to 18 digits, a point anywhere or none, maybe an exponent, maybe a sign. */
    private static String randomDecimal(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        switch (random.nextInt(3)) {
            case 0 -> text.append('-');
            case 1 -> text.append(random.nextInt(4) == 0 ? "+" : "");
            default -> {}
        }
        int digits = 1 + random.nextInt(18);
        int point = random.nextInt(digits + 2) - 1;
        for (int d = 0; d < digits; d++) {
            if (d == point) {
                text.append('.');
            }
            text.append((char) ('0' + random.nextInt(10)));
        }
        if (random.nextInt(3) == 0) {
            text.append(random.nextBoolean() ? 'E' : 'e')
                    .append(String.format(Locale.ROOT, "%+d", random.nextInt(-50, 40)));
        }
        return text.toString();
    }

    @Test
    void anEmptyBodyIsRefused() {
        for (String body : new String[] {"", "\n", "\r\n"}) {
            assertThatThrownBy(() -> parse(body, 3, 10))
                    .isInstanceOf(InvalidException.class)
                    .hasMessageStartingWith("The body is empty");
        }
    }

    @Test
    void aLineWithAnotherNumberOfColumnsIsRefusedWithItsLineNumber() {
        assertThatThrownBy(() -> parse("1,2,3\n1,2\n1,2,3\n", 3, 10))
                .isInstanceOf(InvalidException.class)
                .hasMessage("Line 2 has 2 columns, the model takes 3");
        assertThatThrownBy(() -> parse("1,2,3\n1,2,3,4", 3, 10)).hasMessage("Line 2 has 4 columns, the model takes 3");
        // A blank line in the middle is a row too, of one empty column.
        assertThatThrownBy(() -> parse("1,2,3\n\n1,2,3", 3, 10)).hasMessage("Line 2 has 1 column, the model takes 3");
    }

    @Test
    void aBlankLineIsOneMissingValueForAOneColumnModel() {
        float[][] rows = parse("1\n\n3\n", 1, 10);

        assertThat(rows).hasDimensions(3, 1);
        assertThat(rows[1][0]).isNaN();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "Infinity", "-Infinity", "0x1p3", "1f", "2d", "1e", "--1", "1.2.3", "\"1\"", "1 2"})
    void aFieldThatIsNotADecimalNumberIsRefusedWithItsPosition(String field) {
        assertThatThrownBy(() -> parse("1,2\n3," + field + "\n", 2, 10))
                .isInstanceOf(InvalidException.class)
                .hasMessageStartingWith("Line 2, column 2: ")
                .hasMessageContaining("is not a number");
    }

    @Test
    void aHeaderLineIsRefused() {
        assertThatThrownBy(() -> parse("views,likes\n1,2\n", 2, 10))
                .hasMessage("Line 1, column 1: 'views' is not a number");
    }

    @Test
    void valuesBeyondFloatRangeAndOverlongFieldsAreRefused() {
        assertThatThrownBy(() -> parse("1e39,1", 2, 10)).hasMessageContaining("beyond the range of a 32-bit float");
        assertThatThrownBy(() -> parse("1," + "1".repeat(65), 2, 10))
                .hasMessage("Line 1, column 2: the value is longer than 64 characters");
    }

    @Test
    void echoedValuesAreSanitized() {
        assertThatThrownBy(() -> parse("1,<script>alert('x')</script>", 2, 10))
                .hasMessage("Line 1, column 2: '<script>alert(?x?)</scri...' is not a number");
    }

    @Test
    void moreRowsThanTheLimitAreTooLarge() {
        assertThat(parse("1\n2\n3\n", 1, 3)).hasNumberOfRows(3);
        assertThatThrownBy(() -> parse("1\n2\n3\n4\n", 1, 3))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessage("The body has more than 3 rows; send at most 3 per invocation");
    }

    private static float[][] parse(String body, int width, int maxRows) {
        return CsvRows.parse(body.getBytes(StandardCharsets.UTF_8), width, maxRows);
    }
}

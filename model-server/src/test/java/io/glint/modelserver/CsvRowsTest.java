package io.glint.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.error.InvalidException;
import io.glint.core.error.PayloadTooLargeException;
import java.nio.charset.StandardCharsets;
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

package io.glint.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.events.EventType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingsFileSourceTest {
    @TempDir
    Path dir;

    record Event(String user, String item, EventType type, Instant ts) {}

    private List<Event> read(String name, String content, DatasetFormat format) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        List<Event> events = new ArrayList<>();
        long lines = new RatingsFileSource(file, format, 4.0)
                .read((user, item, type, ts, context) -> events.add(new Event(user, item, type, ts)));
        assertThat(lines).isEqualTo(content.lines().count());
        return events;
    }

    private DataFileException failure(String name, String content, DatasetFormat format) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try {
            new RatingsFileSource(file, format, 4.0).read((user, item, type, ts, context) -> {});
        } catch (DataFileException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no error for " + content);
    }

    @Test
    void movieLensRatingsAreViewsAndLikesFromTheThreshold() throws IOException {
        List<Event> events =
                read("ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n", DatasetFormat.MOVIELENS);

        Instant first = Instant.ofEpochSecond(978300760);
        assertThat(events)
                .containsExactly(
                        new Event("1", "1193", EventType.VIEW, first),
                        new Event("1", "1193", EventType.LIKE, first),
                        new Event("1", "661", EventType.VIEW, Instant.ofEpochSecond(978302109)));
    }

    @Test
    void movieLens100kIsTabSeparated() throws IOException {
        List<Event> events = read("u.data", "196\t242\t3\t881250949\n186\t302\t4\t891717742\n", DatasetFormat.TSV);

        assertThat(events).extracting(Event::type).containsExactly(EventType.VIEW, EventType.VIEW, EventType.LIKE);
        assertThat(events.get(0).user()).isEqualTo("196");
    }

    @Test
    void csvWithHeaderHalfStarsAndEventTypes() throws IOException {
        List<Event> events = read(
                "ratings.csv",
                "userId,movieId,rating,timestamp\n"
                        + "1,31,4.5,1260759144\n"
                        + "u-7, p-3, purchase, 2024-05-01T10:15:30Z\n"
                        + "\n"
                        + "u-7,p-4,comment,1714558530123\n"
                        + "u-8,\"p,5\",view,2024-05-01T12:00:00+02:00\n",
                DatasetFormat.CSV);

        assertThat(events)
                .containsExactly(
                        new Event("1", "31", EventType.VIEW, Instant.ofEpochSecond(1260759144)),
                        new Event("1", "31", EventType.LIKE, Instant.ofEpochSecond(1260759144)),
                        new Event("u-7", "p-3", EventType.PURCHASE, Instant.parse("2024-05-01T10:15:30Z")),
                        new Event("u-7", "p-4", EventType.COMMENT, Instant.ofEpochMilli(1714558530123L)),
                        new Event("u-8", "p,5", EventType.VIEW, Instant.parse("2024-05-01T10:00:00Z")));
    }

    @Test
    void tsvHeaderAndLocalIsoTimesAsUtc() throws IOException {
        List<Event> events =
                read("events.tsv", "user\titem\ttype\tts\na\tb\tlike\t2024-01-02T03:04:05\n", DatasetFormat.TSV);

        assertThat(events).containsExactly(new Event("a", "b", EventType.LIKE, Instant.parse("2024-01-02T03:04:05Z")));
    }

    @Test
    void aThresholdOfThreeMakesThreeALike() throws IOException {
        Path file = dir.resolve("r.csv");
        Files.writeString(file, "a,b,3,100\n");
        List<EventType> types = new ArrayList<>();
        new RatingsFileSource(file, DatasetFormat.CSV, 3.0).read((user, item, type, ts, context) -> types.add(type));

        assertThat(types).containsExactly(EventType.VIEW, EventType.LIKE);
    }

    @Test
    void aBadTimestampNamesFileLineAndReason() {
        DataFileException e =
                failure("ratings.csv", "a,b,5,100\n" + "a,c,5,101\n".repeat(15) + "a,d,5,abc\n", DatasetFormat.CSV);

        assertThat(e.line()).isEqualTo(17);
        assertThat(e.reason()).isEqualTo("timestamp 'abc' is not epoch seconds, epoch millis or ISO-8601");
        assertThat(e.getMessage())
                .isEqualTo(dir.resolve("ratings.csv") + " line 17: timestamp 'abc' is not epoch seconds, epoch millis"
                        + " or ISO-8601");
    }

    @Test
    void aWrongNumberOfFields() {
        DataFileException e = failure("r.dat", "1::2::5::978300760\n1::2::5\n", DatasetFormat.MOVIELENS);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.reason()).startsWith("expected 4 fields").endsWith("separated by '::', found 3");
    }

    @Test
    void aThirdColumnThatIsNeitherRatingNorEventType() {
        DataFileException e = failure("r.csv", "a,b,lik,100\n", DatasetFormat.CSV);

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.reason()).startsWith("'lik' is neither a rating (a number) nor an event type (view, impression,");
    }

    @Test
    void anEmptyUserId() {
        DataFileException e = failure("r.tsv", "a\tb\t5\t100\n\tb\t5\t100\n", DatasetFormat.TSV);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.reason()).isEqualTo("user id is empty");
    }

    @Test
    void anInfiniteRatingAndMicrosecondTimestamps() {
        assertThat(failure("r.csv", "a,b,1e999,100\n", DatasetFormat.CSV).reason())
                .isEqualTo("rating '1e999' is not a finite number");
        assertThat(failure("r.csv", "a,b,5,1714558530123456\n", DatasetFormat.CSV)
                        .reason())
                .startsWith("timestamp '1714558530123456' is not");
    }

    @Test
    void aHeaderIsOnlyRecognisedOnTheFirstLineAndNotInMovieLensFiles() {
        DataFileException later = failure("r.csv", "a,b,5,100\nuser,item,rating,timestamp\n", DatasetFormat.CSV);
        assertThat(later.line()).isEqualTo(2);
        assertThat(later.reason()).startsWith("'rating' is neither a rating");

        DataFileException movieLens = failure("r.dat", "user::item::rating::timestamp\n", DatasetFormat.MOVIELENS);
        assertThat(movieLens.line()).isEqualTo(1);
    }

    @Test
    void aFirstLineWithDigitsIsNotAHeader() {
        DataFileException e = failure("r.csv", "1,2,5,yesterday\n", DatasetFormat.CSV);

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.reason()).isEqualTo("timestamp 'yesterday' is not epoch seconds, epoch millis or ISO-8601");
    }

    @Test
    void anUnclosedQuote() {
        assertThat(failure("r.csv", "a,\"b,5,100\n", DatasetFormat.CSV).reason())
                .isEqualTo("a quoted field is not closed");
    }

    @Test
    void aMissingFile() {
        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> new RatingsFileSource(missing, DatasetFormat.CSV, 4).read((u, i, t, ts, c) -> {}))
                .isInstanceOf(DataFileException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void invalidUtf8IsReportedWithItsLine() throws IOException {
        Path file = dir.resolve("bad.csv");
        byte[] bad = "a,b,5,100\nc,\u00ff,5,100\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, bad);

        assertThatThrownBy(() -> new RatingsFileSource(file, DatasetFormat.CSV, 4).read((u, i, t, ts, c) -> {}))
                .isInstanceOf(DataFileException.class)
                .satisfies(e -> assertThat(((DataFileException) e).reason()).isEqualTo("is not UTF-8 text"));
    }

    @Test
    void formatNames() {
        assertThat(DatasetFormat.fromCliName("MovieLens")).isEqualTo(DatasetFormat.MOVIELENS);
        assertThatThrownBy(() -> DatasetFormat.fromCliName("xml"))
                .hasMessage("--format must be movielens, csv or tsv, not 'xml'");
    }
}

package io.glint.training.data;

import io.glint.events.EventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An interactions file of {@code user, item, rating-or-event-type, timestamp} lines in one of the {@link DatasetFormat}s.
 *
 * <p><b>Third column.</b> A number is a rating: every rating is a {@code view} of the item, and a rating at or above
 * the threshold (default 4, for ratings out of 5) is also a {@code like} at the same time, so explicit feedback reaches
 * the same feature code as the app's events. Anything else must be an event type's wire name ({@code view}, {@code
 * like}, {@code purchase}…), which is passed on as that event.
 *
 * <p><b>Header.</b> In CSV and TSV the first line is skipped as a header when its timestamp does not parse and every
 * field starts with a letter ({@code userId,movieId,rating,timestamp}); otherwise a bad first line is an error like any
 * other. Blank lines are skipped. A leading byte-order mark is ignored.
 *
 * <p>The first bad line stops the read with a {@link DataFileException} naming the file, the line and the reason.
 */
public final class RatingsFileSource implements InteractionSource {
    /** The default rating threshold: 4 of 5 stars is a like. */
    public static final double DEFAULT_THRESHOLD = 4.0;

    private static final String TYPES =
            Arrays.stream(EventType.values()).map(EventType::wireName).collect(Collectors.joining(", "));

    private final Path file;
    private final DatasetFormat format;
    private final double threshold;

    public RatingsFileSource(Path file, DatasetFormat format, double threshold) {
        this.file = Objects.requireNonNull(file, "file");
        this.format = Objects.requireNonNull(format, "format");
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("the rating threshold must be a finite number");
        }
        this.threshold = threshold;
    }

    @Override
    public String description() {
        return file.toString();
    }

    public Path file() {
        return file;
    }

    public DatasetFormat format() {
        return format;
    }

    public double threshold() {
        return threshold;
    }

    /** Receives each event with the line it came from: a rating line gives a view (0) and maybe a like (1). */
    @FunctionalInterface
    public interface LineSink {
        /**
         * @param line the 1-based line number
         * @param index the event's place among its line's events (0, or 1 for a rating's like)
         */
        void accept(long line, int index, String userId, String itemId, EventType type, Instant ts);
    }

    /**
     * {@inheritDoc}
     *
     * @throws DataFileException when the file is missing, not text, or at its first bad line
     */
    @Override
    public long read(InteractionSink sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        return read((line, index, userId, itemId, type, ts) -> sink.accept(userId, itemId, type, ts, Map.of()));
    }

    /**
     * Reads every interaction with its line number, for ids derived from the file's lines.
     *
     * @return how many lines were read
     * @throws DataFileException when the file is missing, not text, or at its first bad line
     */
    public long read(LineSink sink) throws IOException {
        String name = file.toString();
        long lineNumber = 0;
        // MovieLens' .dat files are ISO-8859-1; the others are read as UTF-8, strictly (a bad byte is an error).
        var charset = format == DatasetFormat.MOVIELENS ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
        try (BufferedReader reader = Files.newBufferedReader(file, charset)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                String problem = parse(line, lineNumber, sink);
                if (problem != null) {
                    throw new DataFileException(name, lineNumber, problem);
                }
            }
        } catch (NoSuchFileException e) {
            throw new DataFileException(name, 0, "no such file", e);
        } catch (CharacterCodingException e) {
            throw new DataFileException(name, lineNumber + 1, "is not " + charset.name() + " text", e);
        }
        return lineNumber;
    }

    /** Reads one line into the sink; returns why it is bad, or null (also for a skipped header). */
    private String parse(String line, long lineNumber, LineSink sink) {
        List<String> fields;
        try {
            fields = LineFields.split(line, format.separator());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (fields.size() != 4) {
            return "expected 4 fields (user, item, rating or event type, timestamp) separated by '"
                    + printable(format.separator()) + "', found " + fields.size();
        }
        Instant ts = Timestamps.parse(fields.get(3));
        if (ts == null && lineNumber == 1 && format.allowsHeader() && LineFields.looksLikeHeader(fields)) {
            return null; // Column names.
        }
        String userProblem = Ids.problem("user", fields.get(0));
        if (userProblem != null) {
            return userProblem;
        }
        String itemProblem = Ids.problem("item", fields.get(1));
        if (itemProblem != null) {
            return itemProblem;
        }
        String value = fields.get(2);
        Double rating = rating(value);
        EventType type = null;
        if (rating == null) {
            try {
                type = EventType.fromWireName(value);
            } catch (IllegalArgumentException e) {
                return "'" + value + "' is neither a rating (a number) nor an event type (" + TYPES + ")";
            }
        } else if (!Double.isFinite(rating)) {
            return "rating '" + value + "' is not a finite number";
        }
        if (ts == null) {
            return "timestamp '" + fields.get(3) + "' " + Timestamps.EXPECTED;
        }
        if (rating != null) {
            sink.accept(lineNumber, 0, fields.get(0), fields.get(1), EventType.VIEW, ts);
            if (rating >= threshold) {
                sink.accept(lineNumber, 1, fields.get(0), fields.get(1), EventType.LIKE, ts);
            }
        } else {
            sink.accept(lineNumber, 0, fields.get(0), fields.get(1), type, ts);
        }
        return null;
    }

    private static Double rating(String value) {
        if (value.isEmpty()) {
            return null;
        }
        char first = value.charAt(0);
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
            return null; // Not a number: "NaN" and "Infinity" included, which read as event type names and fail there.
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String printable(String separator) {
        return "\t".equals(separator) ? "\\t" : separator;
    }
}

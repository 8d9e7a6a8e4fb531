package io.glint.training.data;

import java.util.Objects;

/**
 * A data file that cannot be read as what it should be: the first bad line stops the read, and this names the file,
 * the 1-based line number and the reason, e.g. {@code ratings.csv line 17: timestamp 'abc' is not epoch seconds, epoch
 * millis or ISO-8601}. A line number of 0 means the file as a whole (it is missing, empty or not text).
 */
public final class DataFileException extends RuntimeException {
    private final String file;
    private final long line;
    private final String reason;

    public DataFileException(String file, long line, String reason) {
        this(file, line, reason, null);
    }

    public DataFileException(String file, long line, String reason, Throwable cause) {
        super(format(file, line, reason), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The file (or archive object) as it was named to the reader. */
    public String file() {
        return file;
    }

    /** The 1-based line number of the bad line, or 0 for the file as a whole. */
    public long line() {
        return line;
    }

    /** What is wrong with the line, without the file and line number. */
    public String reason() {
        return reason;
    }

    private static String format(String file, long line, String reason) {
        return line > 0 ? file + " line " + line + ": " + reason : file + ": " + reason;
    }
}

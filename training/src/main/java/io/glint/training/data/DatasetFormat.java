package io.glint.training.data;

import java.util.Locale;

/**
 * The layout of an interactions file: {@code user, item, rating-or-event-type, timestamp} with one of three separators.
 * MovieLens 100k's {@code u.data} is {@link #TSV}; MovieLens 1M's {@code ratings.dat} is {@link #MOVIELENS}.
 */
public enum DatasetFormat {
    /** {@code UserID::MovieID::Rating::Timestamp} (MovieLens 1M and 10M {@code ratings.dat}); no header. */
    MOVIELENS("movielens", "::"),
    /** Comma-separated, RFC 4180 quoting allowed, optional header line. */
    CSV("csv", ","),
    /** Tab-separated, optional header line. */
    TSV("tsv", "\t");

    private final String cliName;
    private final String separator;

    DatasetFormat(String cliName, String separator) {
        this.cliName = cliName;
        this.separator = separator;
    }

    /** The name on the command line: {@code movielens}, {@code csv} or {@code tsv}. */
    public String cliName() {
        return cliName;
    }

    public String separator() {
        return separator;
    }

    /** Whether a first line that looks like column names is skipped. */
    public boolean allowsHeader() {
        return this != MOVIELENS;
    }

    /**
     * The format of a command-line name.
     *
     * @throws IllegalArgumentException when the name is none of {@code movielens}, {@code csv}, {@code tsv}
     */
    public static DatasetFormat fromCliName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (DatasetFormat format : values()) {
            if (format.cliName.equals(wanted)) {
                return format;
            }
        }
        throw new IllegalArgumentException("--format must be movielens, csv or tsv, not '" + name + "'");
    }
}

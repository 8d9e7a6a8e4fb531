package io.glint.training.data;

import java.io.IOException;

/**
 * Where the interactions of a training run come from: a ratings file ({@link RatingsFileSource}), the event archive on
 * local disk ({@link EventArchiveSource}) or the archive in S3 ({@link S3EventArchiveSource}). A source hands every interaction to the sink in
 * its own order; the {@link Dataset} puts them in time order afterwards.
 */
public interface InteractionSource {
    /** What is read, for messages and the report (a file name, a directory, a bucket prefix). */
    String description();

    /**
     * Reads every interaction into {@code sink}.
     *
     * @return how many lines (or records) were read, blank lines and duplicates included
     * @throws DataFileException at the first line that is not a valid interaction (file, line number, reason)
     * @throws IOException when the data cannot be read at all
     */
    long read(InteractionSink sink) throws IOException;
}

package io.glint.training.data;

import io.glint.events.InteractionEvent;
import io.glint.events.MalformedEventException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The stream workers' event archive on local disk: gzip-compressed newline-delimited {@link InteractionEvent} JSON
 * under {@code events/dt=YYYY-MM-DD/hour=HH/<shard>-<first sequence number>.ndjson.gz}. Every {@code *.ndjson.gz} file
 * under the root is read, in path order (so by arrival hour). The archive is at least once, so events are deduplicated
 * on {@code eventId}: a second copy is skipped wherever it is.
 *
 * <p>The archive in S3 ({@link S3EventArchiveSource}) reads the same objects: it lists the keys in order and hands each
 * object's bytes to {@link #readObject} with one shared {@link Deduplicator}.
 */
public final class EventArchiveSource implements InteractionSource {
    private final Path root;
    private long duplicates;

    public EventArchiveSource(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    @Override
    public String description() {
        return root.toString();
    }

    /** How many second copies of an event the last {@link #read} skipped. */
    public long duplicates() {
        return duplicates;
    }

    /**
     * {@inheritDoc}
     *
     * @throws DataFileException when the root is missing or has no archive file, or at the first line of a file that
     *     is not an event (named by file and line), or when a file is not complete gzip
     */
    @Override
    public long read(InteractionSink sink) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new DataFileException(root.toString(), 0, "no such directory");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName().toString().endsWith(".ndjson.gz"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        if (files.isEmpty()) {
            throw new DataFileException(root.toString(), 0, "holds no *.ndjson.gz archive file");
        }
        Deduplicator deduplicator = new Deduplicator();
        long lines = 0;
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                lines += readObject(file.toString(), in, deduplicator, sink);
            } catch (NoSuchFileException e) {
                throw new DataFileException(file.toString(), 0, "no such file", e);
            }
        }
        duplicates = deduplicator.duplicates();
        return lines;
    }

    /**
     * Reads one archive object (gzip NDJSON) into the sink, skipping events the deduplicator has seen.
     *
     * @param name the object's name, for messages
     * @return the lines read
     * @throws DataFileException at the first line that is not an event, or when the stream is not complete gzip
     */
    public static long readObject(String name, InputStream gzip, Deduplicator deduplicator, InteractionSink sink)
            throws IOException {
        long lineNumber = 0;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(new GZIPInputStream(gzip), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                InteractionEvent event;
                try {
                    event = InteractionEvent.decode(line.getBytes(StandardCharsets.UTF_8));
                } catch (MalformedEventException e) {
                    throw new DataFileException(name, lineNumber, "not an interaction event: " + e.getMessage(), e);
                }
                if (deduplicator.firstTime(event.eventId())) {
                    sink.accept(event);
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataFileException(
                    name, lineNumber + 1, "is not a complete gzip file (" + e.getMessage() + ")", e);
        }
        return lineNumber;
    }

    /** The event ids seen so far, across all the objects of one read. */
    public static final class Deduplicator {
        private final Set<String> seen = new HashSet<>();
        private long duplicates;

        /** Whether this is the first time the id is seen (and remembers it). */
        public boolean firstTime(String eventId) {
            if (seen.add(eventId)) {
                return true;
            }
            duplicates++;
            return false;
        }

        public long duplicates() {
            return duplicates;
        }
    }
}

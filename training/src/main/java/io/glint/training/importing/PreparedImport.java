package io.glint.training.importing;

import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.events.InteractionEvent;
import io.glint.training.Progress;
import io.glint.training.data.Catalog;
import io.glint.training.data.DataFileException;
import io.glint.training.data.Dataset;
import io.glint.training.data.RatingsFileSource;
import io.glint.training.examples.FeatureReplay;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data set read, checked and folded in memory, before anything is written: its events in time order with ids derived
 * from the file's lines, the final feature document of every user and item, and the catalog rows.
 *
 * <p><b>Identity.</b> The data set's id is the first 12 hex digits of the SHA-256 of the ratings file's bytes, its
 * format and its like threshold (they decide the events). An event's id is {@code imp-<dataset>-<line>-<n>}, {@code n}
 * 0 for a rating's view and 1 for its like: importing the same file again makes the same events, so the archive and
 * everything derived from it come out the same.
 *
 * <p><b>Documents.</b> The events are replayed through the fold the stream workers apply live ({@link FeatureReplay}
 * over {@code InteractionFold}), catalog categories on the items first, so the documents are those the stream workers
 * would have written had the events come through the stream. Every catalogue item gets a document, one without events
 * too, so that its categories are there when its first live event comes.
 */
public final class PreparedImport {
    private static final Pattern MOVIELENS_YEAR = Pattern.compile(".*\\((\\d{4})\\)\\s*$");

    private final Path file;
    private final String datasetId;
    private final Dataset data;
    private final Catalog catalog;
    private final long[] lineOfArrival;
    private final byte[] indexOfArrival;
    private final FeatureReplay replay;

    private PreparedImport(
            Path file,
            String datasetId,
            Dataset data,
            Catalog catalog,
            long[] lineOfArrival,
            byte[] indexOfArrival,
            FeatureReplay replay) {
        this.file = file;
        this.datasetId = datasetId;
        this.data = data;
        this.catalog = catalog;
        this.lineOfArrival = lineOfArrival;
        this.indexOfArrival = indexOfArrival;
        this.replay = replay;
    }

    /**
     * Reads and checks the whole ratings file, then replays it.
     *
     * @param catalog the catalog file's items (empty without one)
     * @throws DataFileException at the file's first bad line, or when it holds no interaction
     * @throws IOException when the file cannot be read
     */
    public static PreparedImport prepare(RatingsFileSource source, Catalog catalog, Progress progress)
            throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(catalog, "catalog");
        Path file = source.file();
        Dataset.Builder builder = Dataset.builder(catalog);
        long[][] lines = {new long[1024]};
        byte[][] indexes = {new byte[1024]};
        long read;
        try (Progress.Stage stage = progress.start("reading " + file, 0)) {
            read = source.read((line, index, userId, itemId, type, ts) -> {
                int at = builder.size();
                if (at == lines[0].length) {
                    lines[0] = Arrays.copyOf(lines[0], at * 2);
                    indexes[0] = Arrays.copyOf(indexes[0], at * 2);
                }
                lines[0][at] = line;
                indexes[0][at] = (byte) index;
                builder.accept(userId, itemId, type, ts, Map.of());
                if ((at & 0x3fff) == 0) {
                    stage.set(at);
                }
            });
            stage.set(builder.size(), String.format(Locale.ROOT, "events from %,d lines", read));
        }
        if (builder.size() == 0) {
            throw new DataFileException(file.toString(), 0, "holds no interaction");
        }
        Dataset data = builder.build(read, file.toString());
        String datasetId = datasetId(file, source);
        long[] lineOfArrival = lines[0];
        byte[] indexOfArrival = indexes[0];
        FeatureReplay replay = new FeatureReplay(
                data,
                event -> eventId(datasetId, lineOfArrival[data.arrival(event)], indexOfArrival[data.arrival(event)]));
        try (Progress.Stage stage = progress.start("replaying events into feature documents", data.size())) {
            replay.run(new BitSet(), new int[0], (event, state) -> {}, stage);
        }
        return new PreparedImport(file, datasetId, data, catalog, lineOfArrival, indexOfArrival, replay);
    }

    /** The id of the event from a line of a data set. */
    static String eventId(String datasetId, long line, int index) {
        return "imp-" + datasetId + "-" + line + "-" + index;
    }

    /** SHA-256 of the file's bytes, format and threshold, as 12 hex digits. */
    static String datasetId(Path file, RatingsFileSource source) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (NoSuchFileException e) {
            throw new DataFileException(file.toString(), 0, "no such file", e);
        }
        digest.update(("\n" + source.format().cliName() + "\n" + source.threshold()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }

    /** The ratings file. */
    public Path file() {
        return file;
    }

    /** The data set's id: 12 hex digits of its content's hash. */
    public String datasetId() {
        return datasetId;
    }

    /** The events, in time order. */
    public Dataset data() {
        return data;
    }

    /** The event at an index of {@link #data()}, as the stream carries it. */
    public InteractionEvent event(int k) {
        int arrival = data.arrival(k);
        return new InteractionEvent(
                eventId(datasetId, lineOfArrival[arrival], indexOfArrival[arrival]),
                data.userId(data.user(k)),
                data.itemId(data.item(k)),
                data.type(k),
                data.ts(k),
                data.context(k),
                InteractionEvent.SCHEMA_VERSION);
    }

    public int userCount() {
        return data.userCount();
    }

    /** The final document of the user at an index (0 to {@link #userCount()} - 1). */
    public UserFeatures user(int u) {
        return replay.userDocument(u);
    }

    /** The catalogue's items (catalog and rated items), as indexes for {@link #item}. */
    public int[] items() {
        return data.catalogueItems();
    }

    /** The final document of an item. */
    public ItemFeatures item(int i) {
        return replay.itemDocument(i);
    }

    /**
     * The catalog rows: one per catalogue item, from its catalog line (title, categories, and the year of a MovieLens
     * title as attribute {@code year}), or titled by its id when the catalog does not list it, so that the
     * recommendation service knows every rated item as a product. Active, stock not tracked.
     */
    public List<CatalogItem> catalogRows(Instant now) {
        List<CatalogItem> rows = new ArrayList<>();
        for (int i : data.catalogueItems()) {
            String itemId = data.itemId(i);
            Catalog.Entry entry = catalog.get(itemId);
            String title = entry == null || entry.title().isBlank() ? itemId : entry.title();
            List<String> categories = entry == null ? List.of() : entry.categories();
            Map<String, String> attributes = Map.of();
            Matcher year = MOVIELENS_YEAR.matcher(title);
            if (year.matches()) {
                attributes = Map.of("year", year.group(1));
            }
            rows.add(new CatalogItem(itemId, title, categories, attributes, true, java.util.Optional.empty(), now));
        }
        return rows;
    }
}

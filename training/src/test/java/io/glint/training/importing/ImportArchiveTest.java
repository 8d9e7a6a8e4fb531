package io.glint.training.importing;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.events.InteractionEvent;
import io.glint.training.Progress;
import io.glint.training.data.Catalog;
import io.glint.training.data.DatasetFormat;
import io.glint.training.data.EventArchiveSource;
import io.glint.training.data.RatingsFileSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportArchiveTest {
    @TempDir
    Path dir;

    @Test
    void filesAreCutAtEveryUtcHourAndAtTheSizeLimitInTimeOrder() throws IOException {
        // 2024-03-04T10:00:00Z is 1709546400. Three ratings of 10:xx (6 events), one of 11:59, one of the next day.
        PreparedImport prepared = prepare(
                """
                user,item,rating,timestamp
                u1,a,5,1709546400
                u2,a,5,1709546401
                u1,b,5,1709549999
                u2,b,5,1709553599
                u1,c,1,1709640000
                """);
        String id = prepared.datasetId();

        List<ImportArchive.FilePlan> files = ImportArchive.plan(prepared.data(), id, 4);

        assertThat(files)
                .containsExactly(
                        new ImportArchive.FilePlan(
                                "events/dt=2024-03-04/hour=10/import-" + id + "-000000.ndjson.gz", 0, 4),
                        new ImportArchive.FilePlan(
                                "events/dt=2024-03-04/hour=10/import-" + id + "-000001.ndjson.gz", 4, 6),
                        new ImportArchive.FilePlan(
                                "events/dt=2024-03-04/hour=11/import-" + id + "-000002.ndjson.gz", 6, 8),
                        new ImportArchive.FilePlan(
                                "events/dt=2024-03-05/hour=12/import-" + id + "-000003.ndjson.gz", 8, 9));
        assertThat(ImportArchive.plan(prepared.data(), id, ImportArchive.MAX_EVENTS_PER_FILE))
                .hasSize(3);
    }

    @Test
    void aFileIsGzipNdjsonOfTheEventsThatTheArchiveReaderReadsBack() throws IOException {
        PreparedImport prepared = prepare("user,item,rating,timestamp\nu1,a,5,1709546400\nu2,a,3,1709546401\n");
        ImportArchive.FilePlan file =
                ImportArchive.plan(prepared.data(), prepared.datasetId(), 10).get(0);

        byte[] bytes = ImportArchive.encode(prepared, file);

        List<InteractionEvent> read = new ArrayList<>();
        long lines = EventArchiveSource.readObject(
                "file", new ByteArrayInputStream(bytes), new EventArchiveSource.Deduplicator(), new Collecting(read));
        assertThat(lines).isEqualTo(3);
        assertThat(read).containsExactly(prepared.event(0), prepared.event(1), prepared.event(2));
        // Bytes depend on the data set only: a second import writes the same objects.
        assertThat(ImportArchive.encode(prepared, file)).isEqualTo(bytes);
    }

    @Test
    void manifestKeysAreSafeS3Keys() {
        assertThat(ImportArchive.manifestKey("ratings.csv")).isEqualTo("imports/ratings.csv.json");
        assertThat(ImportArchive.manifestKey("My Ratings (v2).CSV")).isEqualTo("imports/my-ratings--v2-.csv.json");
    }

    private PreparedImport prepare(String ratings) throws IOException {
        Path file = dir.resolve("ratings.csv");
        Files.writeString(file, ratings, StandardCharsets.UTF_8);
        return PreparedImport.prepare(
                new RatingsFileSource(file, DatasetFormat.CSV, 4), Catalog.empty(), Progress.silent());
    }

    /** Keeps whole events, ids included. */
    private record Collecting(List<InteractionEvent> events) implements io.glint.training.data.InteractionSink {
        @Override
        public void accept(
                String userId,
                String itemId,
                io.glint.events.EventType type,
                java.time.Instant ts,
                java.util.Map<String, String> context) {
            throw new AssertionError("whole events only");
        }

        @Override
        public void accept(InteractionEvent event) {
            events.add(event);
        }
    }
}

package io.glint.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventArchiveSourceTest {
    @TempDir
    Path root;

    private static final Instant T = Instant.parse("2025-05-01T10:00:00Z");

    private void write(String relative, String... lines) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String json(InteractionEvent event) {
        return new String(event.encode(), StandardCharsets.UTF_8);
    }

    @Test
    void readsEveryFileInPathOrderAndSkipsSecondCopies() throws IOException {
        InteractionEvent like = new InteractionEvent("e1", "u1", "p1", EventType.LIKE, T, Map.of("surface", "feed"), 1);
        InteractionEvent view = new InteractionEvent("e2", "u1", "p2", EventType.VIEW, T.plusSeconds(5), null, 1);
        InteractionEvent later =
                new InteractionEvent("e3", "u2", "p1", EventType.PURCHASE, T.plusSeconds(3600), null, 1);
        write("events/dt=2025-05-01/hour=10/shard-0001-100.ndjson.gz", json(like), "", json(view));
        // The same like again (a producer's retry, archived at least once), in the next hour's file.
        write("events/dt=2025-05-01/hour=11/shard-0001-200.ndjson.gz", json(like), json(later));
        Files.writeString(root.resolve("events/README.txt"), "not an archive file");

        EventArchiveSource source = new EventArchiveSource(root);
        List<InteractionEvent> events = new ArrayList<>();
        long lines = source.read((user, item, type, ts, context) ->
                events.add(new InteractionEvent("x" + events.size(), user, item, type, ts, context, 1)));

        assertThat(lines).isEqualTo(5);
        assertThat(source.duplicates()).isEqualTo(1);
        assertThat(events)
                .extracting(InteractionEvent::type)
                .containsExactly(EventType.LIKE, EventType.VIEW, EventType.PURCHASE);
        assertThat(events.get(0).context()).containsEntry("surface", "feed");
    }

    @Test
    void aLineThatIsNotAnEventNamesFileAndLine() throws IOException {
        InteractionEvent view = new InteractionEvent("e2", "u1", "p2", EventType.VIEW, T, null, 1);
        write("events/dt=2025-05-01/hour=10/a.ndjson.gz", json(view), "{\"v\":1,\"type\":\"like\"}");

        assertThatThrownBy(() -> new EventArchiveSource(root).read((u, i, t, ts, c) -> {}))
                .isInstanceOf(DataFileException.class)
                .satisfies(e -> {
                    DataFileException failure = (DataFileException) e;
                    assertThat(failure.file()).endsWith("a.ndjson.gz");
                    assertThat(failure.line()).isEqualTo(2);
                    assertThat(failure.reason()).startsWith("not an interaction event: ");
                });
    }

    @Test
    void aMissingOrEmptyArchive() throws IOException {
        assertThatThrownBy(() -> new EventArchiveSource(root.resolve("none")).read((u, i, t, ts, c) -> {}))
                .hasMessageEndingWith("none: no such directory");
        Files.createDirectories(root.resolve("events"));
        assertThatThrownBy(() -> new EventArchiveSource(root).read((u, i, t, ts, c) -> {}))
                .hasMessageEndingWith(": holds no *.ndjson.gz archive file");
    }
}

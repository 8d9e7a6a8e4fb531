package io.glint.training.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.training.Progress;
import io.glint.training.data.Catalog;
import io.glint.training.data.CatalogReader;
import io.glint.training.data.DataFileException;
import io.glint.training.data.DatasetFormat;
import io.glint.training.data.RatingsFileSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedImportTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private PreparedImport prepare(String ratings, String movies) throws IOException {
        Path ratingsFile = dir.resolve("ratings.dat");
        Files.writeString(ratingsFile, ratings, StandardCharsets.ISO_8859_1);
        Catalog catalog = Catalog.empty();
        if (movies != null) {
            Path moviesFile = dir.resolve("movies.dat");
            Files.writeString(moviesFile, movies, StandardCharsets.ISO_8859_1);
            catalog = CatalogReader.read(moviesFile);
        }
        return PreparedImport.prepare(
                new RatingsFileSource(ratingsFile, DatasetFormat.MOVIELENS, 4), catalog, Progress.silent());
    }

    @Test
    void eventIdsComeFromTheFileAndItsLinesSoTheSameFileMakesTheSameEvents() throws IOException {
        String ratings = "1::10::5::978300760\n1::20::2::978300000\n\n2::10::4::978301000\n";

        PreparedImport first = prepare(ratings, null);
        PreparedImport again = prepare(ratings, null);

        assertThat(first.datasetId()).matches("[0-9a-f]{12}").isEqualTo(again.datasetId());
        List<InteractionEvent> events = events(first);
        assertThat(events).isEqualTo(events(again));
        String id = first.datasetId();
        // In time order: line 2's view, line 1's view and like, then line 4's (line 3 is blank).
        assertThat(events)
                .extracting(InteractionEvent::eventId)
                .containsExactly(
                        "imp-" + id + "-2-0",
                        "imp-" + id + "-1-0",
                        "imp-" + id + "-1-1",
                        "imp-" + id + "-4-0",
                        "imp-" + id + "-4-1");
        assertThat(events.get(2).type()).isEqualTo(EventType.LIKE);
        assertThat(events.get(2).ts()).isEqualTo(Instant.ofEpochSecond(978300760));

        PreparedImport changed = prepare(ratings + "3::30::1::978302000\n", null);
        assertThat(changed.datasetId()).isNotEqualTo(first.datasetId());
    }

    @Test
    void theDocumentsAreTheFoldOfTheEventsWithCatalogCategoriesOnEveryItem() throws IOException {
        PreparedImport prepared = prepare(
                "1::10::5::978300760\n1::20::2::978300800\n2::10::4::978301000\n",
                "10::Toy Story (1995)::Animation|Comedy\n20::Heat (1995)::Action\n30::Unrated (2001)::Drama\n");

        UserFeatures user = prepared.user(0);
        assertThat(user.userId()).isEqualTo("1");
        assertThat(user.counter("view").total()).isEqualTo(2);
        assertThat(user.counter("like").total()).isEqualTo(1);
        assertThat(user.categoryAffinity()).containsKeys("Animation", "Comedy", "Action");
        assertThat(user.seenAt("imp-" + prepared.datasetId() + "-1-1")).isNotNull();

        List<ItemFeatures> items =
                IntStream.of(prepared.items()).mapToObj(prepared::item).toList();
        assertThat(items).extracting(ItemFeatures::itemId).containsExactly("10", "20", "30");
        ItemFeatures toyStory = items.get(0);
        assertThat(toyStory.categories()).containsExactly("Animation", "Comedy");
        assertThat(toyStory.engagers().estimate()).isEqualTo(2);
        assertThat(toyStory.coEngaged()).containsKey("20");
        // An item nobody rated still has its document, with its categories, for its first live event.
        assertThat(items.get(2).categories()).containsExactly("Drama");
        assertThat(items.get(2).engagers().estimate()).isZero();
    }

    @Test
    void everyItemGetsACatalogRowTheListedOnesFromTheirLine() throws IOException {
        PreparedImport prepared =
                prepare("1::10::5::978300760\n1::99::3::978300800\n", "10::Toy Story (1995)::Animation|Comedy\n");

        List<CatalogItem> rows = prepared.catalogRows(NOW);

        assertThat(rows)
                .containsExactly(
                        new CatalogItem(
                                "10",
                                "Toy Story (1995)",
                                List.of("Animation", "Comedy"),
                                Map.of("year", "1995"),
                                true,
                                Optional.empty(),
                                NOW),
                        new CatalogItem("99", "99", List.of(), Map.of(), true, Optional.empty(), NOW));
    }

    @Test
    void aFileWithoutInteractionsIsRefused() throws IOException {
        assertThatThrownBy(() -> prepare("\n\n", null))
                .isInstanceOf(DataFileException.class)
                .hasMessageEndingWith("ratings.dat: holds no interaction");
    }

    private static List<InteractionEvent> events(PreparedImport prepared) {
        List<InteractionEvent> events = new ArrayList<>();
        for (int k = 0; k < prepared.data().size(); k++) {
            events.add(prepared.event(k));
        }
        return events;
    }
}

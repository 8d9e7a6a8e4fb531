package io.glint.training.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.training.data.Catalog;
import io.glint.training.data.CatalogReader;
import io.glint.training.data.DatasetFormat;
import io.glint.training.data.RatingsFileSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetTest {
    @TempDir
    Path dir;

    @Test
    void theSameSeedWritesTheSameFilesInTheCsvFormat() throws IOException {
        SyntheticConfig config = SyntheticConfig.defaults().withSize(50, 60);
        SyntheticDataset.Written one = SyntheticDataset.write(dir.resolve("one"), config);
        SyntheticDataset.Written two = SyntheticDataset.write(dir.resolve("two"), config);
        SyntheticDataset.Written other = SyntheticDataset.write(dir.resolve("other"), config.withSeed(7));

        assertThat(Files.readString(two.ratings())).isEqualTo(Files.readString(one.ratings()));
        assertThat(Files.readString(other.ratings())).isNotEqualTo(Files.readString(one.ratings()));
        Catalog catalog = CatalogReader.read(one.catalog());
        assertThat(catalog.size()).isEqualTo(60);
        assertThat(catalog.categories()).hasSize(12);
        long[] events = {0};
        new RatingsFileSource(one.ratings(), DatasetFormat.CSV, 4).read((u, i, t, ts, c) -> events[0]++);
        assertThat(events[0]).isGreaterThan(one.ratingCount());
    }

    @Test
    void usersMostlyLikeFewCategories() throws IOException {
        SyntheticDataset.Written written =
                SyntheticDataset.write(dir, SyntheticConfig.defaults().withSize(200, 300));
        Catalog catalog = CatalogReader.read(written.catalog());
        Map<String, Map<String, Integer>> likesByUser = new HashMap<>();
        List<String> lines = Files.readAllLines(written.ratings());
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            if (Integer.parseInt(fields[2]) >= 4) {
                String category = catalog.get(fields[1]).categories().get(0);
                likesByUser.computeIfAbsent(fields[0], u -> new HashMap<>()).merge(category, 1, Integer::sum);
            }
        }
        // The two most liked categories of a user hold most of their likes.
        long concentrated = likesByUser.values().stream()
                .filter(counts -> {
                    int total =
                            counts.values().stream().mapToInt(Integer::intValue).sum();
                    int top2 = counts.values().stream()
                            .sorted((a, b) -> b - a)
                            .limit(2)
                            .mapToInt(Integer::intValue)
                            .sum();
                    return top2 >= 0.75 * total;
                })
                .count();
        assertThat(concentrated).isGreaterThan((long) (0.9 * likesByUser.size()));
    }
}

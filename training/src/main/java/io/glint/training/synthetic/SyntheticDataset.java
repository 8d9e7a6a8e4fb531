package io.glint.training.synthetic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes a data set with planted preferences, to check that the pipeline learns what is there to learn.
 *
 * <p>Items each have one category and a Zipf-like popularity ({@code 1/rank^0.8}, ranks shuffled across categories).
 * Each user prefers one or two categories and picks {@code preferredShare} of their interactions (80% by default) from
 * them, the rest from the other categories; within a category, items are picked by popularity, never twice by one user.
 * Ratings (1-5) follow the preference: 85% of preferred-category picks are rated 4 or 5, 20% of the others. Timestamps
 * spread over the configured weeks, each user active from a random start. So popularity explains part of the data and
 * the user's category affinity the rest: a model with the category affinity feature should beat popularity clearly.
 *
 * <p>Files: {@code catalog.csv} ({@code item,title,categories}) and {@code ratings.csv} ({@code
 * user,item,rating,timestamp}, epoch seconds), both with a header line: the {@code csv} format.
 */
public final class SyntheticDataset {
    private static final List<String> CATEGORY_NAMES = List.of(
            "travel", "food", "fashion", "pets", "fitness", "art", "music", "tech", "beauty", "nature", "sports",
            "home");
    private static final Instant START = Instant.parse("2024-03-04T00:00:00Z");
    private static final double ZIPF_EXPONENT = 0.8;

    /** What was written. */
    public record Written(Path catalog, Path ratings, int users, int items, int ratingCount) {}

    private SyntheticDataset() {}

    /**
     * Writes the two files into {@code dir} (created if needed, files replaced).
     *
     * @throws IOException when the files cannot be written
     */
    public static Written write(Path dir, SyntheticConfig config) throws IOException {
        SplittableRandom random = new SplittableRandom(config.seed());
        int items = config.items();
        int categories = config.categories();
        int[] categoryOf = new int[items];
        double[] weight = new double[items];
        int[] ranks = shuffled(items, random);
        List<List<Integer>> itemsOf = new ArrayList<>();
        for (int c = 0; c < categories; c++) {
            itemsOf.add(new ArrayList<>());
        }
        for (int i = 0; i < items; i++) {
            // Every category gets items: the first ones in turn, the rest at random.
            categoryOf[i] = i < categories ? i : random.nextInt(categories);
            weight[i] = 1.0 / Math.pow(ranks[i] + 1, ZIPF_EXPONENT);
            itemsOf.get(categoryOf[i]).add(i);
        }
        Files.createDirectories(dir);
        Path catalog = dir.resolve("catalog.csv");
        try (BufferedWriter out = Files.newBufferedWriter(catalog, StandardCharsets.UTF_8)) {
            out.write("item,title,categories\n");
            for (int i = 0; i < items; i++) {
                String category = category(categoryOf[i]);
                out.write(itemId(i) + ",\"" + capitalized(category) + ", post " + (i + 1) + "\"," + category + "\n");
            }
        }
        Path ratings = dir.resolve("ratings.csv");
        int written = 0;
        long span = config.days() * 86_400L;
        try (BufferedWriter out = Files.newBufferedWriter(ratings, StandardCharsets.UTF_8)) {
            out.write("user,item,rating,timestamp\n");
            for (int u = 0; u < config.users(); u++) {
                int[] preferred = preferred(categories, random);
                int count = config.minInteractions()
                        + random.nextInt(config.maxInteractions() - config.minInteractions() + 1);
                long start = START.getEpochSecond() + (long) (random.nextDouble() * span * 0.6);
                double meanGap = (START.getEpochSecond() + span - start) / (double) (count + 1);
                long ts = start;
                Set<Integer> seen = new HashSet<>();
                for (int n = 0; n < count; n++) {
                    boolean likesCategory = random.nextDouble() < config.preferredShare();
                    int category = likesCategory
                            ? preferred[random.nextInt(preferred.length)]
                            : other(preferred, categories, random);
                    int item = pick(itemsOf.get(category), weight, seen, random);
                    if (item < 0) {
                        continue; // The user has seen the whole category.
                    }
                    seen.add(item);
                    boolean inPreferred = contains(preferred, categoryOf[item]);
                    int rating = rating(inPreferred, random);
                    ts += 1 + (long) (-Math.log(1 - random.nextDouble()) * meanGap);
                    out.write(userId(u) + "," + itemId(item) + "," + rating + "," + ts + "\n");
                    written++;
                }
            }
        }
        return new Written(catalog, ratings, config.users(), items, written);
    }

    static String itemId(int item) {
        return String.format(Locale.ROOT, "i%04d", item + 1);
    }

    static String userId(int user) {
        return String.format(Locale.ROOT, "u%04d", user + 1);
    }

    static String category(int category) {
        return category < CATEGORY_NAMES.size() ? CATEGORY_NAMES.get(category) : "category-" + (category + 1);
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static int[] preferred(int categories, SplittableRandom random) {
        int first = random.nextInt(categories);
        if (random.nextBoolean()) {
            return new int[] {first};
        }
        int second = (first + 1 + random.nextInt(categories - 1)) % categories;
        return new int[] {first, second};
    }

    private static int other(int[] preferred, int categories, SplittableRandom random) {
        if (preferred.length >= categories) {
            return preferred[random.nextInt(preferred.length)];
        }
        while (true) {
            int category = random.nextInt(categories);
            if (!contains(preferred, category)) {
                return category;
            }
        }
    }

    private static int rating(boolean inPreferred, SplittableRandom random) {
        double draw = random.nextDouble();
        if (inPreferred) {
            return draw < 0.85 ? 4 + random.nextInt(2) : 2 + random.nextInt(2);
        }
        return draw < 0.2 ? 4 : 1 + random.nextInt(3);
    }

    /** An item of the category by popularity, not yet seen by the user; -1 when all were seen. */
    private static int pick(List<Integer> candidates, double[] weight, Set<Integer> seen, SplittableRandom random) {
        double total = 0;
        for (int item : candidates) {
            if (!seen.contains(item)) {
                total += weight[item];
            }
        }
        if (total == 0) {
            return -1;
        }
        double target = random.nextDouble() * total;
        int last = -1;
        for (int item : candidates) {
            if (seen.contains(item)) {
                continue;
            }
            last = item;
            target -= weight[item];
            if (target < 0) {
                return item;
            }
        }
        return last;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
        return values;
    }
}

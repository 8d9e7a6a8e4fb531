package io.glint.training.synthetic;

/**
 * The shape of a synthetic data set with planted preferences.
 *
 * @param users how many users
 * @param items how many catalogue items
 * @param categories how many categories (each item has one)
 * @param preferredShare the share of a user's interactions with items of their preferred categories
 * @param minInteractions the fewest interactions a user has
 * @param maxInteractions the most interactions a user has
 * @param days the span of the timestamps
 * @param seed the random seed: the same configuration writes the same files
 */
public record SyntheticConfig(
        int users,
        int items,
        int categories,
        double preferredShare,
        int minInteractions,
        int maxInteractions,
        int days,
        long seed) {
    public SyntheticConfig {
        if (users < 1 || items < 2 || categories < 2 || categories > items) {
            throw new IllegalArgumentException(
                    "a synthetic data set needs at least 1 user, 2 items and 2 categories, and no more categories"
                            + " than items");
        }
        if (!(preferredShare >= 0 && preferredShare <= 1)) {
            throw new IllegalArgumentException("the preferred share is in [0, 1], not " + preferredShare);
        }
        if (minInteractions < 1 || maxInteractions < minInteractions || days < 1) {
            throw new IllegalArgumentException("interactions per user must be 1 <= min <= max, and days at least 1");
        }
    }

    /** 600 users, 400 items in 12 categories, 80% of interactions in the preferred ones, 20 to 60 each, 6 weeks. */
    public static SyntheticConfig defaults() {
        return new SyntheticConfig(600, 400, 12, 0.8, 20, 60, 42, 42);
    }

    public SyntheticConfig withSize(int newUsers, int newItems) {
        return new SyntheticConfig(
                newUsers,
                newItems,
                Math.min(categories, newItems),
                preferredShare,
                minInteractions,
                maxInteractions,
                days,
                seed);
    }

    public SyntheticConfig withSeed(long newSeed) {
        return new SyntheticConfig(
                users, items, categories, preferredShare, minInteractions, maxInteractions, days, newSeed);
    }
}

package io.glint.training.examples;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Draws negative items for a training example from the catalogue.
 *
 * <p>{@link Strategy#POPULARITY} draws an item with probability proportional to {@code (engagers + 1)^0.75}, the
 * engagers counted up to the example's time (so no future popularity leaks in), the +1 keeping never-engaged items
 * drawable: popular negatives are the hard ones (a model that only learned "popular = positive" is corrected by them),
 * the exponent (word2vec's) keeps the long tail in. {@link Strategy#UNIFORM} draws every catalogue item alike, which
 * matches what the model faces when it ranks the whole catalogue, but makes most negatives easy (obscure items).
 * Weights live in a Fenwick tree: an update and a draw cost O(log n).
 */
public final class NegativeSampler {
    /** How negatives are drawn. */
    public enum Strategy {
        UNIFORM,
        POPULARITY;

        /** The command-line name: {@code uniform} or {@code popularity}. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The strategy of a command-line name.
         *
         * @throws IllegalArgumentException for any other name
         */
        public static Strategy fromCliName(String name) {
            for (Strategy strategy : values()) {
                if (strategy.cliName().equals(name)) {
                    return strategy;
                }
            }
            throw new IllegalArgumentException("--sampling must be uniform or popularity, not '" + name + "'");
        }
    }

    static final double EXPONENT = 0.75;
    private static final int ATTEMPTS_PER_DRAW = 50;

    private final int[] catalogue;
    private final int[] position;
    private final Strategy strategy;
    private final SplittableRandom random;
    private final double[] tree;
    private final double[] weights;
    private double total;

    /**
     * @param catalogue the items to draw from
     * @param itemCount the size of the item index space (items outside the catalogue are never drawn)
     */
    public NegativeSampler(int[] catalogue, int itemCount, Strategy strategy, SplittableRandom random) {
        this.catalogue = catalogue.clone();
        this.strategy = strategy;
        this.random = random;
        position = new int[itemCount];
        java.util.Arrays.fill(position, -1);
        for (int p = 0; p < this.catalogue.length; p++) {
            position[this.catalogue[p]] = p;
        }
        tree = new double[this.catalogue.length + 1];
        weights = new double[this.catalogue.length];
        if (strategy == Strategy.POPULARITY) {
            for (int p = 0; p < this.catalogue.length; p++) {
                add(p, 1.0); // (0 + 1)^0.75
            }
        }
    }

    /** Tells the sampler an item now has {@code engagers} distinct engagers. */
    public void engagers(int item, int engagers) {
        if (strategy != Strategy.POPULARITY || item >= position.length || position[item] < 0) {
            return;
        }
        int p = position[item];
        add(p, Math.pow(engagers + 1.0, EXPONENT) - weights[p]);
    }

    /**
     * Draws up to {@code n} distinct items for which {@code excluded} is false.
     *
     * @return how many were drawn into {@code out} (fewer than {@code n} only when fewer items are eligible)
     */
    public int sample(int n, IntPredicate excluded, int[] out) {
        int drawn = 0;
        int attempts = 0;
        while (drawn < n && attempts < n * ATTEMPTS_PER_DRAW) {
            attempts++;
            int item = catalogue[strategy == Strategy.UNIFORM ? random.nextInt(catalogue.length) : weighted()];
            if (!excluded.test(item) && !contains(out, drawn, item)) {
                out[drawn++] = item;
            }
        }
        if (drawn < n) {
            // A user who engaged with most of the catalogue: draw from what is left, uniformly.
            drawn = fillFromRest(catalogue, n, excluded, random, out, drawn);
        }
        return drawn;
    }

    /**
     * Draws up to {@code n} distinct items of {@code catalogue} uniformly, skipping excluded ones (the sampled
     * evaluation protocol).
     */
    public static int uniform(int[] catalogue, int n, IntPredicate excluded, SplittableRandom random, int[] out) {
        int drawn = 0;
        int attempts = 0;
        while (drawn < n && attempts < n * ATTEMPTS_PER_DRAW) {
            attempts++;
            int item = catalogue[random.nextInt(catalogue.length)];
            if (!excluded.test(item) && !contains(out, drawn, item)) {
                out[drawn++] = item;
            }
        }
        if (drawn < n) {
            drawn = fillFromRest(catalogue, n, excluded, random, out, drawn);
        }
        return drawn;
    }

    /** Fills {@code out} up to {@code n} with items not excluded nor drawn yet, uniformly from what is left. */
    private static int fillFromRest(
            int[] catalogue, int n, IntPredicate excluded, SplittableRandom random, int[] out, int drawn) {
        int[] rest = new int[catalogue.length];
        int count = 0;
        for (int item : catalogue) {
            if (!excluded.test(item) && !contains(out, drawn, item)) {
                rest[count++] = item;
            }
        }
        while (drawn < n && count > 0) {
            int at = random.nextInt(count);
            out[drawn++] = rest[at];
            rest[at] = rest[--count];
        }
        return drawn;
    }

    private static boolean contains(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private int weighted() {
        double target = random.nextDouble() * total;
        int p = 0;
        int step = Integer.highestOneBit(Math.max(1, catalogue.length));
        while (step > 0) {
            int next = p + step;
            if (next <= catalogue.length && tree[next] <= target) {
                p = next;
                target -= tree[next];
            }
            step >>= 1;
        }
        return Math.min(p, catalogue.length - 1);
    }

    private void add(int p, double delta) {
        weights[p] += delta;
        total += delta;
        for (int i = p + 1; i < tree.length; i += i & -i) {
            tree[i] += delta;
        }
    }
}

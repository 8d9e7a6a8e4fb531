package io.glint.training.examples;

import io.glint.events.EventType;
import io.glint.training.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The time-based leave-last-out split, and what counts as a positive.
 *
 * <p><b>Positives.</b> A <i>positive interaction</i> is a (user, item) pair with a like, comment or purchase (a rating
 * at or above the threshold is a like). A like the user took back (an {@code unlike} of the pair later on) is not one;
 * a like after the last unlike is. Views and impressions are never labels: they count for the features (views are
 * engagements), but a view says little about liking. The interaction <i>starts</i> at the user's first engagement with
 * the item (its <i>anchor</i>): for a rating, the view that comes with it; in the app, usually the view before the like.
 * Examples are built from the state just before the anchor, when the item was still a candidate the user had not
 * touched; so a like does not see the user's own view of the same item (which would give the positive away: its
 * {@code item_idle_hours} would be 0).
 *
 * <p><b>Test.</b> For each user with at least {@value #MIN_POSITIVES} positive interactions, the one that starts last
 * is held out: every event of that user from its anchor on is removed from the training stream (the test interaction
 * itself and whatever the user did afterwards), so the user's training window is everything strictly before the test
 * interaction. Other users' events stay where they are in the global timeline.
 *
 * <p><b>Validation.</b> For model selection, each user with at least {@value #MIN_POSITIVES} positives left in the
 * training stream has its last training positive taken as a validation interaction (up to a seeded random subset of
 * users): no training example is built for it, but its events stay in the stream (they are part of the features of
 * every later moment, as the test users' validation interactions are part of the state at their test time).
 */
public final class LeaveLastOutSplit {
    /** Users with fewer positive interactions are not evaluated. */
    public static final int MIN_POSITIVES = 3;

    /** A held-out interaction: the user, the item, and the event index of its anchor (first engagement). */
    public record Holdout(int user, int item, int anchor) {}

    private final BitSet heldOut;
    private final List<Holdout> tests;
    private final List<Holdout> validations;
    private final int[] trainingAnchors;
    private final LongSet everEngaged;
    private final int positivePairs;
    private final int heldOutEvents;

    private LeaveLastOutSplit(
            BitSet heldOut,
            List<Holdout> tests,
            List<Holdout> validations,
            int[] trainingAnchors,
            LongSet everEngaged,
            int positivePairs) {
        this.heldOut = heldOut;
        this.tests = List.copyOf(tests);
        this.validations = List.copyOf(validations);
        this.trainingAnchors = trainingAnchors;
        this.everEngaged = everEngaged;
        this.positivePairs = positivePairs;
        this.heldOutEvents = heldOut.cardinality();
    }

    /** Whether an event type makes a positive interaction (unless it is a like taken back later). */
    public static boolean isPositive(EventType type) {
        return type == EventType.LIKE || type == EventType.COMMENT || type == EventType.PURCHASE;
    }

    /**
     * Splits a data set.
     *
     * @param maxValidationUsers at most this many validation interactions (a seeded random subset of the candidates)
     */
    public static LeaveLastOutSplit of(Dataset data, int maxValidationUsers, long seed) {
        int n = data.size();
        int users = data.userCount();
        LongIntMap firstEngagement = new LongIntMap(Math.max(16, n / 2));
        LongSet everEngaged = new LongSet(Math.max(16, n / 2));
        LongSet positive = new LongSet();
        // Per user, the positive pairs as (anchor, first positive event), in order of their first positive.
        List<List<int[]>> pairs = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            pairs.add(new ArrayList<>(4));
        }
        // The last unlike of each pair: a like before it was taken back. (A label may know the future; features not.)
        LongIntMap lastUnlike = new LongIntMap(16);
        for (int k = 0; k < n; k++) {
            if (data.type(k) == EventType.UNLIKE) {
                lastUnlike.put(LongSet.pair(data.user(k), data.item(k)), k);
            }
        }
        for (int k = 0; k < n; k++) {
            if (!data.isEngagement(k)) {
                continue;
            }
            long pair = LongSet.pair(data.user(k), data.item(k));
            int anchor = firstEngagement.putIfAbsent(pair, k);
            everEngaged.add(pair);
            boolean takenBack = data.type(k) == EventType.LIKE && k < lastUnlike.get(pair, -1);
            if (isPositive(data.type(k)) && !takenBack && positive.add(pair)) {
                pairs.get(data.user(k)).add(new int[] {anchor, k});
            }
        }
        int[] cut = new int[users];
        Arrays.fill(cut, Integer.MAX_VALUE);
        List<Holdout> tests = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            List<int[]> mine = pairs.get(u);
            mine.sort((a, b) -> Integer.compare(a[0], b[0]));
            if (mine.size() >= MIN_POSITIVES) {
                int anchor = mine.get(mine.size() - 1)[0];
                cut[u] = anchor;
                tests.add(new Holdout(u, data.item(anchor), anchor));
            }
        }
        BitSet heldOut = new BitSet(n);
        for (int k = 0; k < n; k++) {
            if (k >= cut[data.user(k)]) {
                heldOut.set(k);
            }
        }
        // Training positives: pairs whose first positive is in the training stream. The last one of a user with
        // enough of them may become a validation interaction.
        List<Holdout> candidates = new ArrayList<>();
        List<Integer> anchors = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            List<int[]> training = new ArrayList<>();
            for (int[] pair : pairs.get(u)) {
                if (pair[1] < cut[u]) {
                    training.add(pair);
                }
            }
            if (training.size() >= MIN_POSITIVES) {
                int anchor = training.get(training.size() - 1)[0];
                candidates.add(new Holdout(u, data.item(anchor), anchor));
            }
            for (int[] pair : training) {
                anchors.add(pair[0]);
            }
        }
        List<Holdout> validations = choose(candidates, maxValidationUsers, seed);
        BitSet validationAnchors = new BitSet(n);
        validations.forEach(holdout -> validationAnchors.set(holdout.anchor()));
        int[] trainingAnchors = anchors.stream()
                .mapToInt(Integer::intValue)
                .filter(anchor -> !validationAnchors.get(anchor))
                .sorted()
                .toArray();
        tests.sort((a, b) -> Integer.compare(a.anchor(), b.anchor()));
        return new LeaveLastOutSplit(heldOut, tests, validations, trainingAnchors, everEngaged, positive.size());
    }

    private static List<Holdout> choose(List<Holdout> candidates, int max, long seed) {
        List<Holdout> chosen = new ArrayList<>(candidates);
        if (chosen.size() > max) {
            SplittableRandom random = new SplittableRandom(seed ^ 0x5EEDL);
            for (int i = chosen.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Holdout swap = chosen.get(i);
                chosen.set(i, chosen.get(j));
                chosen.set(j, swap);
            }
            chosen = new ArrayList<>(chosen.subList(0, Math.max(0, max)));
        }
        chosen.sort((a, b) -> Integer.compare(a.anchor(), b.anchor()));
        return chosen;
    }

    /** Whether an event is kept out of every replay (a test interaction or a later event of its user). */
    public boolean isHeldOut(int event) {
        return heldOut.get(event);
    }

    /** The held-out events, as a copy. */
    public BitSet heldOut() {
        return (BitSet) heldOut.clone();
    }

    public int heldOutEvents() {
        return heldOutEvents;
    }

    /** One test interaction per evaluated user, in anchor order. */
    public List<Holdout> tests() {
        return tests;
    }

    /** The validation interactions, in anchor order. */
    public List<Holdout> validations() {
        return validations;
    }

    /** The anchors of the training positives (validation interactions excluded), ascending. */
    public int[] trainingAnchors() {
        return trainingAnchors.clone();
    }

    /** Whether the user engaged with the item anywhere in the data set, held-out events included. */
    public boolean everEngaged(int user, int item) {
        return everEngaged.contains(LongSet.pair(user, item));
    }

    /** The number of distinct positive (user, item) pairs in the whole data set. */
    public int positivePairs() {
        return positivePairs;
    }
}

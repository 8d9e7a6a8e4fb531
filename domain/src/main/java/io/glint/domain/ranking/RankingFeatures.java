package io.glint.domain.ranking;

import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.domain.features.WindowedCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ranking model's feature vector for one (user, candidate item) pair, built from the two feature documents: the one
 * definition that the training job uses to make examples and the recommendation service uses to score candidates. A
 * value that cannot be known (no document, no author, an item never seen) is {@link Float#NaN}, which XGBoost treats as
 * missing, never as zero. Counts are {@code log1p}-scaled. Every column is described in {@code docs/features.md}.
 */
public final class RankingFeatures {
    public static final FeatureSchema SCHEMA = new FeatureSchema(
            "glint-ranking",
            1,
            List.of(
                    "item_views",
                    "item_views_24h",
                    "item_likes",
                    "item_comments",
                    "item_purchases",
                    "item_engagers",
                    "item_like_rate",
                    "item_velocity_1h",
                    "item_age_hours",
                    "item_idle_hours",
                    "user_events",
                    "user_events_24h",
                    "user_likes",
                    "user_recent_items",
                    "label_affinity",
                    "category_affinity",
                    "author_affinity",
                    "co_engagement",
                    "co_engaged_recent"));

    private static final double HOUR_SECONDS = Duration.ofHours(1).toSeconds();

    private RankingFeatures() {}

    /**
     * The vector of {@link #SCHEMA}.
     *
     * @param user the user's features, or null for a user with none yet (a cold start)
     * @param item the candidate's features, or null for an item with none yet
     * @param now the time the vector is for: windows and ages are as of it
     */
    public static float[] vector(UserFeatures.View user, ItemFeatures.View item, Instant now) {
        float[] vector = new float[SCHEMA.width()];
        java.util.Arrays.fill(vector, Float.NaN);
        if (item != null) {
            vector[0] = log1p(item.views().total());
            vector[1] = log1p(item.views().last24h());
            vector[2] = log1p(Math.max(0, item.likes().total() - item.unlikes().total()));
            vector[3] = log1p(item.comments().total());
            vector[4] = log1p(item.purchases().total());
            vector[5] = log1p(item.uniqueEngagers());
            vector[6] = (float) item.likeRate();
            vector[7] = log1p(item.engagementVelocity());
            vector[8] = hoursSince(item.firstSeenAt(), now);
            vector[9] = hoursSince(item.lastSeenAt(), now);
        }
        if (user != null) {
            long events = 0;
            long events24h = 0;
            for (WindowedCounter.Windows windows : user.counts().values()) {
                events += windows.total();
                events24h += windows.last24h();
            }
            WindowedCounter.Windows likes = user.counts().get("like");
            vector[10] = log1p(events);
            vector[11] = log1p(events24h);
            vector[12] = log1p(likes == null ? 0 : likes.total());
            vector[13] = user.recentItems().size();
        }
        if (user != null && item != null) {
            vector[14] = affinity(user.labelAffinity(), item.labels());
            vector[15] = affinity(user.categoryAffinity(), item.categories());
            vector[16] = item.authorId() == null
                    ? Float.NaN
                    : user.authorsEngaged().getOrDefault(item.authorId(), 0.0).floatValue();
            double coEngagement = 0;
            int coEngagedRecent = 0;
            Set<String> counted = new HashSet<>();
            for (UserFeatures.RecentItem recent : user.recentItems()) {
                Double together = item.coEngaged().get(recent.itemId());
                if (together != null && counted.add(recent.itemId())) {
                    coEngagement += together;
                    coEngagedRecent++;
                }
            }
            vector[17] = log1p(coEngagement);
            vector[18] = coEngagedRecent;
        }
        return vector;
    }

    /**
     * How much the user likes the item's labels (or categories): their affinities summed, over the user's total
     * absolute affinity, so in [-1, 1]; missing when the item has none, 0 when the user has none.
     */
    private static float affinity(Map<String, Double> userAffinity, List<String> itemValues) {
        if (itemValues.isEmpty()) {
            return Float.NaN;
        }
        double total = 0;
        for (double value : userAffinity.values()) {
            total += Math.abs(value);
        }
        if (total == 0) {
            return 0;
        }
        double sum = 0;
        for (String value : itemValues) {
            sum += userAffinity.getOrDefault(value, 0.0);
        }
        return (float) Math.max(-1, Math.min(1, sum / total));
    }

    private static float hoursSince(Instant at, Instant now) {
        if (at == null) {
            return Float.NaN;
        }
        return (float) Math.max(0, Duration.between(at, now).toSeconds() / HOUR_SECONDS);
    }

    private static float log1p(double value) {
        return (float) Math.log1p(Math.max(0, value));
    }
}

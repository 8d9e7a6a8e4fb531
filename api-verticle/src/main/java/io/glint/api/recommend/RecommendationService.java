package io.glint.api.recommend;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.glint.api.http.ServerTiming;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Recommendations for one user: candidates from several sources ({@link CandidateSources}), filtered ({@link
 * Eligibility}), scored with the ranking model or the experiment arm's alternative ({@link RankingPolicy}), re-ranked
 * for diversity ({@link Diversifier}), each with a reason a person can read ({@link Reasons}); every returned item is
 * logged as an {@code impression} event ({@link ImpressionLog}). Also the explore page's directory and lists, and the
 * order of the ranked timeline ({@link TimelineRanker}).
 *
 * <p>A façade over those parts, for the endpoints: {@link #RecommendationService(CandidateSources,
 * RecommendationRanker, TimelineRanker, ImpressionLog, Experiments, Clock)} takes them assembled.
 */
public final class RecommendationService {
    public static final String IMPRESSIONS = ImpressionLog.IMPRESSIONS;

    private final CandidateSources sources;
    private final RecommendationRanker ranker;
    private final TimelineRanker timeline;
    private final ImpressionLog impressions;
    private final Experiments experiments;
    private final Clock clock;

    /** Where a candidate came from, which decides its reason. */
    public enum Source {
        CO_ENGAGEMENT,
        FOLLOWING,
        CATEGORY,
        LABEL,
        TRENDING,
        POPULAR;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One recommended item as the API returns it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            String itemId,
            String kind,
            double score,
            String reason,
            String source,
            String title,
            String imageUrl,
            String authorId,
            List<String> categories) {}

    /**
     * A response.
     *
     * @param servedBy {@code endpoint}, {@code embedded} or {@code popularity} (the model's path), or {@code
     *     chronological}
     */
    public record Recommendations(List<Item> items, String modelVersion, String servedBy, String experiment) {}

    /** The labels and categories the explore page offers (their lists' names, lower case), most items first. */
    public record Directory(List<String> labels, List<String> categories) {}

    /**
     * Items in ranked order with their scores, and how they were ranked.
     *
     * @param servedBy as in {@link Recommendations#servedBy()}
     */
    public record Ranking(
            List<String> itemIds, float[] scores, String modelVersion, String servedBy, String experiment) {}

    /** The service from its parts, as a composition root assembles them. */
    public RecommendationService(
            CandidateSources sources,
            RecommendationRanker ranker,
            TimelineRanker timeline,
            ImpressionLog impressions,
            Experiments experiments,
            Clock clock) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.ranker = Objects.requireNonNull(ranker, "ranker");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.impressions = Objects.requireNonNull(impressions, "impressions");
        this.experiments = Objects.requireNonNull(experiments, "experiments");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Experiments experiments() {
        return experiments;
    }

    /** Recommendations for {@code userId}, at most {@code limit}, ranked the way the user's experiment arm ranks. */
    public Future<Recommendations> recommend(String userId, int limit) {
        return recommend(userId, limit, ServerTiming.starting());
    }

    /**
     * As {@link #recommend(String, int)}, marking its phases in {@code timing}: {@code user} (the user's features and
     * timeline), {@code neighbours} (the recent items' neighbours and the favourite lists), {@code items} (the
     * candidates' features, posts and products) and {@code score} (the model).
     *
     * @return the recommendations; a future failed with the store's error when a read failed
     */
    public Future<Recommendations> recommend(String userId, int limit, ServerTiming timing) {
        Instant now = clock.instant();
        return sources.forUser(userId, now, timing).compose(found -> ranker.rank(userId, found, limit, now, timing));
    }

    /**
     * The directory of the category and label lists, as the candidate indexer last wrote it.
     *
     * @return the directory; a future failed with the store's error when the read failed
     */
    public Future<Directory> directory() {
        return sources.directory(clock.instant());
    }

    /**
     * What is popular with one label or in one category, filtered, ranked, diversified and explained for the user like
     * recommendations, and logged as impressions.
     *
     * @param listName {@link io.glint.domain.candidates.CandidateList#label} or {@link
     *     io.glint.domain.candidates.CandidateList#category} of what the user asked for
     * @return the items; a future failed with the store's error when a read failed
     * @throws IllegalArgumentException when {@code listName} is neither a label's nor a category's list
     */
    public Future<Recommendations> explore(String userId, String listName, int limit) {
        Instant now = clock.instant();
        return sources.fromList(userId, listName, now)
                .compose(found -> ranker.rank(userId, found, limit, now, ServerTiming.starting()));
    }

    /**
     * The order of some posts for the user, best first: the ranked timeline. Scored like recommendations (the user's
     * arm; chronological keeps their order); posts without features rank by what the scorer makes of missing values.
     *
     * @param postIds the posts, newest first
     * @return the ranking; a future failed with the store's error when the features cannot be read
     */
    public Future<Ranking> rankPosts(String userId, List<String> postIds) {
        return timeline.rankPosts(userId, postIds);
    }

    /** Logs what a ranked timeline showed, as impressions (the same as for recommendations). */
    public void shown(String userId, List<String> itemIds, Ranking ranking) {
        impressions.shown(userId, itemIds, ranking);
    }
}

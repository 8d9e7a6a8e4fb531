package io.glint.api.recommend;

import io.glint.core.config.Env;
import io.glint.model.scoring.RankingConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The recommendation service's settings.
 *
 * @param ranking how the model is reached
 * @param experiments the ranking experiment's split ({@code GLINT_EXPERIMENT_RANKING}, default {@code
 *     model:100,popularity:0,chronological:0}; e.g. {@code model:90,popularity:5,chronological:5})
 * @param maxCandidates candidates scored per request at most ({@code GLINT_RECOMMEND_MAX_CANDIDATES}, default 200)
 * @param perAuthor items of one author in a response at most, while others are left ({@code
 *     GLINT_RECOMMEND_PER_AUTHOR}, default 2)
 * @param perCategory items of one category in a response at most, while others are left ({@code
 *     GLINT_RECOMMEND_PER_CATEGORY}, default 3)
 * @param listCacheTtl how long a process reuses a candidate list it read ({@code GLINT_RECOMMEND_LIST_CACHE_MS}, default
 *     10 s; the indexer rebuilds them every 30 s)
 * @param itemCacheTtl how long a process reuses what it read of a candidate item: features, post, catalog entry ({@code
 *     GLINT_RECOMMEND_ITEM_CACHE_MS}, default 5 s; 0 reads every time)
 */
public record RecommendationConfig(
        RankingConfig ranking,
        Experiments experiments,
        int maxCandidates,
        int perAuthor,
        int perCategory,
        Duration listCacheTtl,
        Duration itemCacheTtl) {
    public static final String EXPERIMENT = "GLINT_EXPERIMENT_RANKING";
    public static final String MAX_CANDIDATES = "GLINT_RECOMMEND_MAX_CANDIDATES";
    public static final String PER_AUTHOR = "GLINT_RECOMMEND_PER_AUTHOR";
    public static final String PER_CATEGORY = "GLINT_RECOMMEND_PER_CATEGORY";
    public static final String LIST_CACHE = "GLINT_RECOMMEND_LIST_CACHE_MS";
    public static final String ITEM_CACHE = "GLINT_RECOMMEND_ITEM_CACHE_MS";

    public RecommendationConfig {
        Objects.requireNonNull(ranking, "ranking");
        Objects.requireNonNull(experiments, "experiments");
        Objects.requireNonNull(listCacheTtl, "listCacheTtl");
        Objects.requireNonNull(itemCacheTtl, "itemCacheTtl");
    }

    public static RecommendationConfig from(Env env) {
        return new RecommendationConfig(
                RankingConfig.from(env),
                Experiments.parse(EXPERIMENT, env.string(EXPERIMENT, "model:100,popularity:0,chronological:0")),
                env.integer(MAX_CANDIDATES, 200, 10, 2000),
                env.integer(PER_AUTHOR, 2, 1, 50),
                env.integer(PER_CATEGORY, 3, 1, 50),
                env.millis(LIST_CACHE, Duration.ofSeconds(10)),
                Duration.ofMillis(env.integer(ITEM_CACHE, 5_000, 0, 600_000)));
    }

    public static RecommendationConfig defaults() {
        return from(Env.of(java.util.Map.of(), io.glint.core.config.RunMode.LOCAL));
    }
}

package io.glint.api.recommend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-ranks for diversity: best first, at most {@link RecommendationConfig#perAuthor()} items of an author and {@link
 * RecommendationConfig#perCategory()} of a category while other items are left; then the rest, best first, if the caps
 * left the page short.
 */
public final class Diversifier {
    private final int perAuthor;
    private final int perCategory;

    /**
     * @param perAuthor items of one author at most while others are left (at least 1)
     * @param perCategory items of one category at most while others are left (at least 1)
     */
    public Diversifier(int perAuthor, int perCategory) {
        if (perAuthor < 1 || perCategory < 1) {
            throw new IllegalArgumentException("the caps must be at least 1, but are " + perAuthor + " per author and "
                    + perCategory + " per category");
        }
        this.perAuthor = perAuthor;
        this.perCategory = perCategory;
    }

    /** The caps of {@code config}. */
    public static Diversifier of(RecommendationConfig config) {
        return new Diversifier(config.perAuthor(), config.perCategory());
    }

    /** At most {@code limit} of {@code scored}, in the order to show them; equal scores in item id order. */
    public List<Eligible.Scored> diversify(List<Eligible.Scored> scored, int limit) {
        List<Eligible.Scored> ranked = new ArrayList<>(scored);
        ranked.sort(Comparator.comparingDouble(Eligible.Scored::score)
                .reversed()
                .thenComparing(item -> item.eligible().candidate().itemId()));
        List<Eligible.Scored> chosen = new ArrayList<>(limit);
        List<Eligible.Scored> held = new ArrayList<>();
        Map<String, Integer> byAuthor = new HashMap<>();
        Map<String, Integer> byCategory = new HashMap<>();
        for (Eligible.Scored item : ranked) {
            if (chosen.size() == limit) {
                break;
            }
            String author = item.eligible().author();
            String category = item.eligible().category();
            boolean authorFull = author != null && byAuthor.getOrDefault(author, 0) >= perAuthor;
            boolean categoryFull = category != null && byCategory.getOrDefault(category, 0) >= perCategory;
            if (authorFull || categoryFull) {
                held.add(item);
                continue;
            }
            chosen.add(item);
            if (author != null) {
                byAuthor.merge(author, 1, Integer::sum);
            }
            if (category != null) {
                byCategory.merge(category, 1, Integer::sum);
            }
        }
        for (Eligible.Scored item : held) {
            if (chosen.size() == limit) {
                break;
            }
            chosen.add(item);
        }
        return chosen;
    }
}

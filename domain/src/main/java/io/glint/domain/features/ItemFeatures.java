package io.glint.domain.features;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What Glint knows of an item (a post): engagement counters kept current by the stream workers from every user's
 * interactions with it, its author, its labels from image analysis, and the items its engagers also engaged with. One
 * document per item; every collection in it is bounded. See {@code docs/features.md}.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE)
public final class ItemFeatures {
    public static final int SCHEMA_VERSION = 1;
    public static final int CO_ENGAGED = 100;

    private int schemaVersion = SCHEMA_VERSION;
    private String itemId;
    private String authorId;
    private List<String> labels = new ArrayList<>();
    private List<String> categories = new ArrayList<>();

    private WindowedCounter views = new WindowedCounter();
    private WindowedCounter impressions = new WindowedCounter();
    private WindowedCounter likes = new WindowedCounter();
    private WindowedCounter unlikes = new WindowedCounter();
    private WindowedCounter comments = new WindowedCounter();
    private WindowedCounter purchases = new WindowedCounter();
    private String engagers = "";

    private Instant firstSeenAt;
    private Instant lastSeenAt;
    /** Item to how often someone engaged with both (bounded: the strongest {@link #CO_ENGAGED}). */
    private TreeMap<String, Double> coEngaged = new TreeMap<>();

    /**
     * The features as read: each counter's windows as of a time, the derived rates, collections as stored.
     *
     * @param uniqueEngagers distinct users who viewed, liked, commented on or bought it (estimated, see {@link
     *     EngagerSketch})
     * @param likeRate likes net of unlikes per view (0 before the first view)
     * @param engagementVelocity weighted engagements in the last hour: views + 3 likes + 4 comments + 5 purchases
     */
    public record View(
            String itemId,
            int schemaVersion,
            long version,
            String authorId,
            List<String> labels,
            List<String> categories,
            WindowedCounter.Windows views,
            WindowedCounter.Windows impressions,
            WindowedCounter.Windows likes,
            WindowedCounter.Windows unlikes,
            WindowedCounter.Windows comments,
            WindowedCounter.Windows purchases,
            long uniqueEngagers,
            double likeRate,
            double engagementVelocity,
            Instant firstSeenAt,
            Instant lastSeenAt,
            Map<String, Double> coEngaged) {}

    ItemFeatures() {}

    public View view(Instant now, long version) {
        WindowedCounter.Windows viewed = views.windows(now);
        WindowedCounter.Windows liked = likes.windows(now);
        WindowedCounter.Windows unliked = unlikes.windows(now);
        WindowedCounter.Windows commented = comments.windows(now);
        WindowedCounter.Windows bought = purchases.windows(now);
        double likeRate = viewed.total() == 0 ? 0 : (double) (liked.total() - unliked.total()) / viewed.total();
        double velocity = viewed.last1h() + 3.0 * liked.last1h() + 4.0 * commented.last1h() + 5.0 * bought.last1h();
        return new View(
                itemId,
                schemaVersion,
                version,
                authorId,
                List.copyOf(labels),
                List.copyOf(categories),
                viewed,
                impressions.windows(now),
                liked,
                unliked,
                commented,
                bought,
                engagers().estimate(),
                likeRate,
                velocity,
                firstSeenAt,
                lastSeenAt,
                Map.copyOf(coEngaged));
    }

    public static ItemFeatures empty(String itemId) {
        ItemFeatures features = new ItemFeatures();
        features.itemId = Objects.requireNonNull(itemId, "itemId");
        return features;
    }

    public String itemId() {
        return itemId;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public String authorId() {
        return authorId;
    }

    public void authorId(String authorId) {
        this.authorId = authorId;
    }

    public List<String> labels() {
        return labels;
    }

    public List<String> categories() {
        return categories;
    }

    /** Sets the image analysis's labels and their categories. */
    public void labels(List<String> labels, List<String> categories) {
        this.labels = new ArrayList<>(labels);
        this.categories = new ArrayList<>(categories);
    }

    /** The counter of an interaction type (wire name), or null for a type items do not count. */
    public WindowedCounter counter(String type) {
        return switch (type) {
            case "view" -> views;
            case "impression" -> impressions;
            case "like" -> likes;
            case "unlike" -> unlikes;
            case "comment" -> comments;
            case "purchase" -> purchases;
            default -> null;
        };
    }

    public EngagerSketch engagers() {
        return EngagerSketch.decode(engagers);
    }

    public void engagers(EngagerSketch sketch) {
        this.engagers = sketch.encode();
    }

    public Instant firstSeenAt() {
        return firstSeenAt;
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }

    public void seen(Instant at) {
        if (firstSeenAt == null || at.isBefore(firstSeenAt)) {
            firstSeenAt = at;
        }
        if (lastSeenAt == null || at.isAfter(lastSeenAt)) {
            lastSeenAt = at;
        }
    }

    public Map<String, Double> coEngaged() {
        return coEngaged;
    }

    public void coEngaged(String otherItemId, double delta) {
        BoundedScores.add(coEngaged, otherItemId, delta, CO_ENGAGED);
    }
}

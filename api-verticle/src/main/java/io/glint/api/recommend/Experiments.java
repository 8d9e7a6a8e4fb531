package io.glint.api.recommend;

import io.glint.core.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The ranking experiment: each user is in one arm for good, chosen by a hash of the user id and the experiment's name
 * (so changing the name reshuffles everyone, and changing the split moves as few users as the new weights need).
 * Responses report the arm in {@code X-Experiment}, and impressions carry it, so training and analysis can tell the
 * arms apart.
 */
public final class Experiments {
    public static final String NAME = "ranking-v1";

    /** The experiment's arms. */
    public enum Variant {
        /** The XGBoost model (or its fallbacks). */
        MODEL,
        /** Most engaged-with first. */
        POPULARITY,
        /** Newest first. */
        CHRONOLOGICAL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String name;
    private final Map<Variant, Integer> weights;

    /**
     * @param weights each arm's share of users, in percent, adding up to 100
     */
    public Experiments(String name, Map<Variant, Integer> weights) {
        this.name = Objects.requireNonNull(name, "name");
        this.weights = new LinkedHashMap<>(weights);
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (total != 100 || weights.values().stream().anyMatch(weight -> weight < 0)) {
            throw new IllegalArgumentException("the arms' weights must add up to 100, but are " + weights);
        }
    }

    /**
     * Parses {@code model:90,popularity:5,chronological:5} ({@code GLINT_EXPERIMENT_RANKING}).
     *
     * @throws ConfigException naming the variable, when the text is not such a split
     */
    public static Experiments parse(String variable, String split) {
        Map<Variant, Integer> weights = new LinkedHashMap<>();
        try {
            for (String part : split.split(",")) {
                String[] arm = part.strip().split(":");
                if (arm.length != 2) {
                    throw new IllegalArgumentException("'" + part.strip() + "' is not arm:percent");
                }
                Variant variant = Variant.valueOf(arm[0].strip().toUpperCase(Locale.ROOT));
                if (weights.put(variant, Integer.parseInt(arm[1].strip())) != null) {
                    throw new IllegalArgumentException(arm[0].strip() + " is named twice");
                }
            }
            return new Experiments(NAME, weights);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable + " must be like 'model:90,popularity:5,chronological:5' (arms "
                    + List.of("model", "popularity", "chronological") + ", percentages adding up to 100), but is '"
                    + split + "': " + e.getMessage());
        }
    }

    /** The arm {@code userId} is in. */
    public Variant variant(String userId) {
        int bucket = bucket(userId);
        int upTo = 0;
        List<Variant> arms = new ArrayList<>(weights.keySet());
        for (Variant arm : arms) {
            upTo += weights.get(arm);
            if (bucket < upTo) {
                return arm;
            }
        }
        return arms.get(arms.size() - 1);
    }

    /** The experiment and arm as the {@code X-Experiment} header says them: {@code ranking-v1=model}. */
    public String header(Variant variant) {
        return name + "=" + variant.wireName();
    }

    /** The user's bucket, 0 to 99: the first four bytes of SHA-256 of the experiment name and user id. */
    int bucket(String userId) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest((name + ":" + userId).getBytes(StandardCharsets.UTF_8));
            long value = ((digest[0] & 0xffL) << 24)
                    | ((digest[1] & 0xffL) << 16)
                    | ((digest[2] & 0xffL) << 8)
                    | (digest[3] & 0xffL);
            return (int) (value % 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}

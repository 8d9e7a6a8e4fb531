package io.glint.domain.ranking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The columns of a feature vector, in order: what a model was trained on and what a scorer sends it. A model is stored
 * with its schema (as JSON, this record's fields), and nothing scores a vector with a model of another schema: the
 * columns would mean other things, and the scores would be wrong without any error.
 *
 * @param name the vector family, e.g. {@code glint-ranking}
 * @param version bumped whenever a column is added, removed, reordered or changes its meaning
 * @param features the column names, in vector order
 */
public record FeatureSchema(String name, int version, List<String> features) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    public FeatureSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(features, "features");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a schema name is lower case letters, digits, '_', '.' or '-': " + name);
        }
        if (version < 1) {
            throw new IllegalArgumentException("a schema version is 1 or more, but is " + version);
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a schema has at least one feature");
        }
        features = List.copyOf(features);
        if (features.stream().distinct().count() != features.size()) {
            throw new IllegalArgumentException("a schema's feature names are distinct: " + features);
        }
        for (String feature : features) {
            if (!NAME.matcher(feature).matches()) {
                throw new IllegalArgumentException(
                        "a feature name is lower case letters, digits, '_', '.' or '-': " + feature);
            }
        }
    }

    /** How many columns a vector of this schema has. */
    public int width() {
        return features.size();
    }

    /** A short digest of everything that makes two schemas interchangeable: name, version and columns in order. */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(
                    (name + "\n" + version + "\n" + String.join("\n", features)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /**
     * Why a model of schema {@code other} cannot score vectors of this one, or null when it can (same name, version and
     * columns in order).
     */
    public String mismatch(FeatureSchema other) {
        if (other == null) {
            return "the model has no feature schema";
        }
        if (!name.equals(other.name) || version != other.version) {
            return "the model was trained on " + other.name + " v" + other.version + ", this code builds " + name + " v"
                    + version;
        }
        if (!features.equals(other.features)) {
            return "the model's columns " + other.features + " differ from this code's " + features;
        }
        return null;
    }
}

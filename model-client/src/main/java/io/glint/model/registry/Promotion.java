package io.glint.model.registry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A model's {@code promoted.json}: the version being served and the ones served before it.
 *
 * @param version the promoted version
 * @param promotedAt when it was promoted (or rolled back to)
 * @param history earlier promoted versions, newest first: what {@link ModelRegistry#rollback} goes back to
 */
public record Promotion(String version, Instant promotedAt, List<String> history) {
    public Promotion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(promotedAt, "promotedAt");
        history = history == null ? List.of() : List.copyOf(history);
    }
}

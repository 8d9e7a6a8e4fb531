package io.glint.api.recommend;

import io.glint.domain.features.UserFeatures;
import io.vertx.core.Future;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the candidate sources found for one request: everything the ranking needs, read.
 *
 * @param user the user's features, absent for a user without any yet
 * @param recent the user's recent items, newest first, each once
 * @param candidates by item id, in the order of the sources that found them (a candidate found by several keeps the
 *     first)
 * @param items what was read of every candidate and recent item (each present; its parts null where there is none)
 * @param liked which of the candidates the user liked: still being looked up when the set is handed over, since it is
 *     needed only after scoring
 */
public record CandidateSet(
        Optional<UserFeatures.View> user,
        List<UserFeatures.RecentItem> recent,
        Map<String, Candidate> candidates,
        Map<String, ItemCache.Known> items,
        Future<Set<String>> liked) {
    public CandidateSet {
        Objects.requireNonNull(user, "user");
        recent = List.copyOf(recent);
        candidates = Collections.unmodifiableMap(new LinkedHashMap<>(candidates));
        items = Map.copyOf(items);
        Objects.requireNonNull(liked, "liked");
    }
}

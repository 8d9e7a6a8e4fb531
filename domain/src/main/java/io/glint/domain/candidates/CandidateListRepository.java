package io.glint.domain.candidates;

import io.vertx.core.Future;
import java.util.List;

/**
 * Where the candidate lists are kept: in the features table, as {@code list#<name>}, so that a request reads the lists
 * it needs in the same {@code BatchGetItem} as the user's features (see {@code ServingFeatures} in the feature store).
 */
public interface CandidateListRepository {
    /** Replaces the stored lists of these names. */
    Future<Void> write(List<CandidateList> lists);
}

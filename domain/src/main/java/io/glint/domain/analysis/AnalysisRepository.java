package io.glint.domain.analysis;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Analysis results, one per uploaded object. */
public interface AnalysisRepository {

    /**
     * Stores the result unless the object has one already: a redelivered or duplicated notification finds the first
     * result and changes nothing.
     *
     * @return true when this call stored it, false when a result was there already
     */
    Future<Boolean> record(Analysis analysis);

    Future<Optional<Analysis>> find(String objectKey);

    /**
     * An owner's results, newest first, optionally only those of one verdict.
     *
     * @param cursor from a previous page, or null
     * @throws io.glint.core.error.InvalidException (as the failed future) for a cursor not of this listing
     */
    Future<Page> byOwner(String ownerId, Optional<Analysis.Verdict> verdict, int limit, String cursor);

    record Page(List<Analysis> results, Optional<String> nextCursor) {}
}

package io.glint.api.fakes;

import io.glint.domain.analysis.Analysis;
import io.glint.domain.analysis.AnalysisRepository;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Analyses by object key; {@link #failReads} makes every read fail, as a DynamoDB outage does. */
public final class InMemoryAnalyses implements AnalysisRepository {
    public final Map<String, Analysis> analyses = new ConcurrentHashMap<>();
    public volatile boolean failReads;

    @Override
    public Future<Boolean> record(Analysis analysis) {
        return Future.succeededFuture(analyses.putIfAbsent(analysis.objectKey(), analysis) == null);
    }

    @Override
    public Future<Optional<Analysis>> find(String objectKey) {
        return failReads
                ? Future.failedFuture(new IllegalStateException("DynamoDB is away"))
                : Future.succeededFuture(Optional.ofNullable(analyses.get(objectKey)));
    }

    @Override
    public Future<Page> byOwner(String ownerId, Optional<Analysis.Verdict> verdict, int limit, String cursor) {
        return Future.succeededFuture(new Page(
                analyses.values().stream()
                        .filter(analysis -> analysis.ownerId().equals(ownerId))
                        .filter(analysis -> verdict.isEmpty() || analysis.verdict() == verdict.get())
                        .limit(limit)
                        .toList(),
                Optional.empty()));
    }
}

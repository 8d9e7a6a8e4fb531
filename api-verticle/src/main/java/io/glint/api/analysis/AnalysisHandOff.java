package io.glint.api.analysis;

import io.glint.domain.analysis.AnalysisRepository;
import io.glint.domain.posts.Post;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Covers the order of events the analysis worker cannot see: a post created after its upload's analysis was stored.
 * The worker stores an analysis, then looks up the upload's post and decides it if there is one; the API creates the
 * post, then reads the analysis (consistently) and, if there is one, puts a {@link PostCreatedMessage} on the uploads
 * queue so that the worker decides the post. Both sides write before they read, so at least one of them sees the
 * other; when both do, the worker decides twice, which changes nothing.
 *
 * <p>The post exists before this runs, so a failure here does not fail the request: answering 503 would make the
 * client retry, and a retry gets 409 (the upload already backs a post). It is logged at WARN with the post id and
 * counted ({@value #HANDOFFS}{@code {outcome=failed}}). The post then stays {@code processing} unless the worker's
 * own lookup saw it (a sweep of processing posts whose analysis is stored would be the remedy).
 */
public final class AnalysisHandOff {
    /** Post creations by what this did: {@code sent}, {@code not_needed} (no analysis yet) or {@code failed}. */
    public static final String HANDOFFS = "glint.posts.analysis.handoffs";

    private static final Logger LOG = LoggerFactory.getLogger(AnalysisHandOff.class);

    /** What became of one post creation's hand-off. */
    public enum Outcome {
        SENT,
        NOT_NEEDED,
        FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AnalysisRepository analyses;
    private final UploadsQueue queue;
    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

    public AnalysisHandOff(AnalysisRepository analyses, UploadsQueue queue, MeterRegistry registry) {
        this.analyses = Objects.requireNonNull(analyses, "analyses");
        this.queue = Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(registry, "registry");
        for (Outcome outcome : Outcome.values()) {
            counters.put(
                    outcome,
                    Counter.builder(HANDOFFS)
                            .description("Post creations, by whether the analysis worker had to be told")
                            .tag("outcome", outcome.tag())
                            .register(registry));
        }
    }

    /**
     * Tells the analysis worker about a post just created if its upload's analysis is stored already.
     *
     * @return a future that never fails: a failed read or send is logged and counted as {@link Outcome#FAILED}
     */
    public Future<Outcome> postCreated(Post post) {
        return analyses.find(post.objectKey())
                .compose(analysis -> analysis.isEmpty()
                        ? Future.succeededFuture(Outcome.NOT_NEEDED)
                        : queue.postCreated(post.postId(), post.objectKey()).map(sent -> Outcome.SENT))
                .recover(error -> {
                    LOG.warn(
                            "Post {} was created, but handing it to the analysis worker failed (object {}); it stays"
                                    + " processing unless the worker found the post itself",
                            post.postId(),
                            post.objectKey(),
                            error);
                    return Future.succeededFuture(Outcome.FAILED);
                })
                .onSuccess(outcome -> counters.get(outcome).increment());
    }
}

package io.glint.api.analysis;

import io.glint.api.posts.PostAccess;
import io.glint.core.error.NotFoundException;
import io.glint.domain.analysis.Analysis;
import io.glint.domain.analysis.AnalysisRepository;
import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.Optional;

/**
 * What the analysis pipeline found in uploads: a post's analysis for whoever may see the post ({@link PostAccess}),
 * and the caller's own uploads' analyses. What only the author may see (the verdict's reason, the moderation labels)
 * is the caller's of {@link PostAnalysis#byAuthor()} to hide.
 */
public final class AnalysisService {
    private final PostRepository posts;
    private final AnalysisRepository analyses;

    /**
     * A post and its analysis, if one is stored yet.
     *
     * @param byAuthor whether the viewer wrote the post (and may see all of the analysis)
     */
    public record PostAnalysis(Post post, Optional<Analysis> analysis, boolean byAuthor) {}

    public AnalysisService(PostRepository posts, AnalysisRepository analyses) {
        this.posts = Objects.requireNonNull(posts, "posts");
        this.analyses = Objects.requireNonNull(analyses, "analyses");
    }

    /**
     * The post's analysis as {@code viewer} may see it.
     *
     * @return a future failed with {@link NotFoundException} when the viewer may not see the post
     */
    public Future<PostAnalysis> ofPost(String postId, String viewer) {
        return PostAccess.visiblePost(posts, postId, viewer).compose(post -> analyses.find(post.objectKey())
                .map(analysis ->
                        new PostAnalysis(post, analysis, post.authorId().equals(viewer))));
    }

    /** A page of the owner's analyses, newest first, optionally of one verdict. */
    public Future<AnalysisRepository.Page> ofOwner(
            String ownerId, Optional<Analysis.Verdict> verdict, int limit, String cursor) {
        return analyses.byOwner(ownerId, verdict, limit, cursor);
    }
}

package io.glint.api.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.Paging;
import io.glint.api.http.Responses;
import io.glint.domain.analysis.Analysis;
import io.glint.domain.posts.Post;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the analysis pipeline found in an upload. {@code GET /v1/posts/{postId}/analysis}: a post's analysis, for whoever
 * may see the post (its author always, everyone else once it is published; 404 otherwise, as for the post itself);
 * the verdict's reason and the moderation labels only for the author. {@code GET /v1/analysis}: the caller's own
 * uploads' analyses, newest first, optionally of one verdict. Over {@link AnalysisService}.
 */
public final class AnalysisEndpoint implements Endpoint {
    private final AnalysisService analyses;

    /** Format and size of the image. */
    record ImageView(String format, int width, int height, int frames) {}

    record LabelView(String name, double confidence, List<String> parents, List<String> categories) {}

    record ModerationView(String name, String parentName, double confidence) {}

    /** A face's box as ratios of the image's width and height. */
    record FaceView(double left, double top, double width, double height, double confidence) {}

    /**
     * A post's analysis. Everything after {@code status} is absent while no analysis is stored; {@code reason} and
     * {@code moderation} are absent for anyone but the author.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PostAnalysisView(
            String postId,
            String status,
            String verdict,
            String reason,
            ImageView image,
            List<LabelView> labels,
            List<ModerationView> moderation,
            Integer facesCount,
            List<FaceView> faces,
            Long processingMillis,
            Instant analyzedAt) {}

    /** One of the caller's analyses in a list. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AnalysisItem(
            String objectKey,
            String uploadId,
            String verdict,
            String reason,
            ImageView image,
            List<LabelView> labels,
            int facesCount,
            long processingMillis,
            Instant analyzedAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AnalysisPage(List<AnalysisItem> items, String nextCursor) {}

    public AnalysisEndpoint(AnalysisService analyses) {
        this.analyses = Objects.requireNonNull(analyses, "analyses");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("getPostAnalysis").addHandler(this::ofPost);
        routes.getRoute("listAnalyses").addHandler(this::list);
    }

    private void ofPost(RoutingContext ctx) {
        analyses.ofPost(ctx.pathParam("postId"), Caller.userId(ctx))
                .map(found -> view(found.post(), found.analysis(), found.byAuthor()))
                // The author's view holds what moderation found: no shared cache may keep it.
                .onSuccess(view -> Responses.privateJson(ctx, 200, view))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        // The contract has limited status to the verdicts' wire names.
        Optional<Analysis.Verdict> verdict =
                ctx.queryParam("status").stream().findFirst().map(Analysis.Verdict::fromWire);
        analyses.ofOwner(Caller.userId(ctx), verdict, Paging.limit(ctx), Paging.cursor(ctx))
                .map(page -> new AnalysisPage(
                        page.results().stream().map(AnalysisEndpoint::item).toList(),
                        page.nextCursor().orElse(null)))
                .onSuccess(page -> Responses.privateJson(ctx, 200, page))
                .onFailure(ctx::fail);
    }

    private static PostAnalysisView view(Post post, Optional<Analysis> stored, boolean author) {
        if (stored.isEmpty()) {
            return new PostAnalysisView(
                    post.postId(), post.status().wire(), null, null, null, null, null, null, null, null, null);
        }
        Analysis analysis = stored.get();
        return new PostAnalysisView(
                post.postId(),
                post.status().wire(),
                analysis.verdict().wire(),
                author ? analysis.reason() : null,
                image(analysis.image()),
                labels(analysis.labels()),
                author ? moderation(analysis.moderation()) : null,
                analysis.faces().size(),
                analysis.faces().stream()
                        .map(face ->
                                new FaceView(face.left(), face.top(), face.width(), face.height(), face.confidence()))
                        .toList(),
                analysis.processingMillis(),
                analysis.analyzedAt());
    }

    private static AnalysisItem item(Analysis analysis) {
        String key = analysis.objectKey();
        return new AnalysisItem(
                key,
                key.substring(key.lastIndexOf('/') + 1),
                analysis.verdict().wire(),
                analysis.reason(),
                image(analysis.image()),
                labels(analysis.labels()),
                analysis.faces().size(),
                analysis.processingMillis(),
                analysis.analyzedAt());
    }

    private static ImageView image(Analysis.Image image) {
        return image == null ? null : new ImageView(image.format(), image.width(), image.height(), image.frames());
    }

    private static List<LabelView> labels(List<Analysis.Label> labels) {
        return labels.stream()
                .map(label -> new LabelView(label.name(), label.confidence(), label.parents(), label.categories()))
                .toList();
    }

    private static List<ModerationView> moderation(List<Analysis.ModerationLabel> labels) {
        return labels.stream()
                .map(label -> new ModerationView(label.name(), label.parentName(), label.confidence()))
                .toList();
    }
}

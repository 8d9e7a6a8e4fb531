package io.glint.api.comments;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.Paging;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.glint.core.json.Json;
import io.glint.domain.posts.Comment;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The comments of a post over {@link CommentService}: add, list oldest first, edit, delete. */
public final class CommentsEndpoint implements Endpoint {
    private final CommentService comments;
    private final RateLimits limits;

    record CommentRequest(String text) {}

    record Created(String commentId) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CommentView(String commentId, String authorId, String text, Instant createdAt, Instant editedAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CommentPage(List<CommentView> items, String nextCursor) {}

    public CommentsEndpoint(CommentService comments, RateLimits limits) {
        this.comments = Objects.requireNonNull(comments, "comments");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("createComment").addHandler(limits.perUser()).addHandler(this::create);
        routes.getRoute("listComments").addHandler(this::list);
        routes.getRoute("editComment").addHandler(limits.perUser()).addHandler(this::edit);
        routes.getRoute("deleteComment").addHandler(limits.perUser()).addHandler(this::delete);
    }

    private void create(RoutingContext ctx) {
        CommentRequest request = Json.read(ctx.body().buffer().getBytes(), CommentRequest.class);
        comments.add(Caller.userId(ctx), ctx.pathParam("postId"), request.text())
                .onSuccess(created -> Responses.json(ctx, 201, new Created(created.commentId())))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        comments.list(Caller.userId(ctx), ctx.pathParam("postId"), Paging.limit(ctx), Paging.cursor(ctx))
                .onSuccess(page -> Responses.json(
                        ctx,
                        200,
                        new CommentPage(
                                page.comments().stream()
                                        .map(CommentsEndpoint::view)
                                        .toList(),
                                page.nextCursor().orElse(null))))
                .onFailure(ctx::fail);
    }

    private void edit(RoutingContext ctx) {
        CommentRequest request = Json.read(ctx.body().buffer().getBytes(), CommentRequest.class);
        comments.edit(Caller.userId(ctx), ctx.pathParam("postId"), ctx.pathParam("commentId"), request.text())
                .onSuccess(edited -> Responses.json(ctx, 200, view(edited)))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        comments.delete(Caller.userId(ctx), ctx.pathParam("postId"), ctx.pathParam("commentId"))
                .onSuccess(done -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private static CommentView view(Comment comment) {
        return new CommentView(
                comment.commentId(), comment.authorId(), comment.text(), comment.createdAt(), comment.editedAt());
    }
}

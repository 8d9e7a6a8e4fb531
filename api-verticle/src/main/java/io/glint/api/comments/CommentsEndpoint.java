package io.glint.api.comments;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.Paging;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.glint.api.posts.PostAccess;
import io.glint.core.json.Json;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.featurestore.posts.Comment;
import io.glint.featurestore.posts.CommentRepository;
import io.glint.featurestore.posts.PostRepository;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Comments on posts the caller can see: add (published posts), list oldest first, edit (author only), delete (the
 * comment's author or the post's owner).
 */
public final class CommentsEndpoint implements Endpoint {
    private final CommentRepository comments;
    private final PostRepository posts;
    private final EventPublisher events;
    private final RateLimits limits;
    private final Clock clock;

    record CommentRequest(String text) {}

    record Created(String commentId) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CommentView(String commentId, String authorId, String text, Instant createdAt, Instant editedAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CommentPage(List<CommentView> items, String nextCursor) {}

    public CommentsEndpoint(
            CommentRepository comments, PostRepository posts, EventPublisher events, RateLimits limits, Clock clock) {
        this.comments = Objects.requireNonNull(comments, "comments");
        this.posts = Objects.requireNonNull(posts, "posts");
        this.events = Objects.requireNonNull(events, "events");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("createComment").addHandler(limits.perUser()).addHandler(this::create);
        routes.getRoute("listComments").addHandler(this::list);
        routes.getRoute("editComment").addHandler(limits.perUser()).addHandler(this::edit);
        routes.getRoute("deleteComment").addHandler(limits.perUser()).addHandler(this::delete);
    }

    private void create(RoutingContext ctx) {
        String caller = Caller.userId(ctx);
        String postId = ctx.pathParam("postId");
        CommentRequest request = Json.read(ctx.body().buffer().getBytes(), CommentRequest.class);
        Instant now = clock.instant();
        PostAccess.visiblePost(posts, postId, caller)
                .compose(post -> comments.create(
                                new Comment(postId, Comment.newId(now), caller, request.text(), now, null))
                        .onSuccess(created -> {
                            // The author travels with the event: the stream workers credit them without a lookup.
                            events.publish(InteractionEvent.create(
                                    EventType.COMMENT,
                                    caller,
                                    postId,
                                    now,
                                    Map.of("commentId", created.commentId(), "authorId", post.authorId())));
                            Responses.json(ctx, 201, new Created(created.commentId()));
                        }))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        String postId = ctx.pathParam("postId");
        PostAccess.visiblePost(posts, postId, Caller.userId(ctx))
                .compose(post -> comments.list(postId, Paging.limit(ctx), Paging.cursor(ctx)))
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
        String caller = Caller.userId(ctx);
        String postId = ctx.pathParam("postId");
        CommentRequest request = Json.read(ctx.body().buffer().getBytes(), CommentRequest.class);
        PostAccess.visiblePost(posts, postId, caller)
                .compose(post ->
                        comments.edit(postId, ctx.pathParam("commentId"), caller, request.text(), clock.instant()))
                .onSuccess(edited -> Responses.json(ctx, 200, view(edited)))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        String caller = Caller.userId(ctx);
        String postId = ctx.pathParam("postId");
        PostAccess.visiblePost(posts, postId, caller)
                .compose(post -> comments.delete(
                        postId,
                        ctx.pathParam("commentId"),
                        caller,
                        post.authorId().equals(caller)))
                .onSuccess(done -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private static CommentView view(Comment comment) {
        return new CommentView(
                comment.commentId(), comment.authorId(), comment.text(), comment.createdAt(), comment.editedAt());
    }
}

package io.glint.api.posts;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.ImageUrls;
import io.glint.api.http.Paging;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.glint.core.json.Json;
import io.glint.domain.posts.Post;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The posts resource over {@link PostService}: create, read, list an author's, delete. Images are served as
 * short-lived signed URLs ({@link ImageUrls}); a post's {@code statusReason} only to its author.
 */
public final class PostsEndpoint implements Endpoint {
    private final PostService posts;
    private final ImageUrls imageUrls;
    private final RateLimits limits;

    record CreatePostRequest(String uploadId, String caption) {}

    record Created(String postId, String status) {}

    /** A post as a client sees it: {@code statusReason} only for its author. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PostView(
            String postId,
            String authorId,
            String caption,
            String status,
            String statusReason,
            String imageUrl,
            long likeCount,
            long commentCount,
            Instant createdAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PostPage(List<PostView> items, String nextCursor) {}

    public PostsEndpoint(PostService posts, ImageUrls imageUrls, RateLimits limits) {
        this.posts = Objects.requireNonNull(posts, "posts");
        this.imageUrls = Objects.requireNonNull(imageUrls, "imageUrls");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("createPost").addHandler(limits.perUser()).addHandler(this::create);
        routes.getRoute("getPost").addHandler(this::get);
        routes.getRoute("deletePost").addHandler(limits.perUser()).addHandler(this::delete);
        routes.getRoute("listUserPosts").addHandler(this::listByAuthor);
    }

    private void create(RoutingContext ctx) {
        CreatePostRequest request = Json.read(ctx.body().buffer().getBytes(), CreatePostRequest.class);
        posts.create(Caller.userId(ctx), request.uploadId(), request.caption())
                .onSuccess(created -> Responses.json(
                        ctx, 201, new Created(created.postId(), created.status().wire())))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String viewer = Caller.userId(ctx);
        posts.open(ctx.pathParam("postId"), viewer)
                .onSuccess(post -> Responses.json(ctx, 200, view(post, viewer)))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        posts.delete(ctx.pathParam("postId"), Caller.userId(ctx))
                .onSuccess(done -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private void listByAuthor(RoutingContext ctx) {
        String viewer = Caller.userId(ctx);
        posts.byAuthor(ctx.pathParam("userId"), viewer, Paging.limit(ctx), Paging.cursor(ctx))
                .onSuccess(page -> Responses.json(
                        ctx,
                        200,
                        new PostPage(
                                page.posts().stream()
                                        .map(post -> view(post, viewer))
                                        .toList(),
                                page.nextCursor().orElse(null))))
                .onFailure(ctx::fail);
    }

    private PostView view(Post post, String viewer) {
        return new PostView(
                post.postId(),
                post.authorId(),
                post.caption(),
                post.status().wire(),
                post.authorId().equals(viewer) ? post.statusReason() : null,
                imageUrls.get(post.objectKey()),
                post.likeCount(),
                post.commentCount(),
                post.createdAt());
    }
}

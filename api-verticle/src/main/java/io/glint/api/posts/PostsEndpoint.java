package io.glint.api.posts;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.glint.api.Endpoint;
import io.glint.api.analysis.AnalysisHandOff;
import io.glint.api.auth.Caller;
import io.glint.api.http.ImageUrls;
import io.glint.api.http.Paging;
import io.glint.api.http.RateLimits;
import io.glint.api.http.Responses;
import io.glint.core.aws.AwsFutures;
import io.glint.core.error.ForbiddenException;
import io.glint.core.json.Json;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.featurestore.posts.LikeRepository;
import io.glint.featurestore.posts.Post;
import io.glint.featurestore.posts.PostRepository;
import io.glint.featurestore.uploads.Upload;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Posts: create from one of the caller's uploads, read, list an author's, delete. A new post is {@code processing}
 * until the analysis pipeline publishes or blocks it; until it is published only its author sees it (everyone else
 * gets 404, so unpublished posts cannot be probed). Images are served as short-lived presigned GET URLs
 * ({@link ImageUrls}). Creating a post hands it to the analysis worker when its upload was analysed first ({@link
 * AnalysisHandOff}).
 */
public final class PostsEndpoint implements Endpoint {
    private final PostRepository posts;
    private final S3AsyncClient s3;
    private final ImageUrls imageUrls;
    private final String bucket;
    private final Clock clock;
    private final RateLimits limits;
    private final EventPublisher events;
    private final LikeRepository likes;
    private final AnalysisHandOff handOff;

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

    public PostsEndpoint(
            PostRepository posts,
            S3AsyncClient s3,
            ImageUrls imageUrls,
            String bucket,
            Clock clock,
            RateLimits limits,
            EventPublisher events,
            LikeRepository likes,
            AnalysisHandOff handOff) {
        this.posts = Objects.requireNonNull(posts, "posts");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.imageUrls = Objects.requireNonNull(imageUrls, "imageUrls");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.events = Objects.requireNonNull(events, "events");
        this.likes = Objects.requireNonNull(likes, "likes");
        this.handOff = Objects.requireNonNull(handOff, "handOff");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("createPost").addHandler(limits.perUser()).addHandler(this::create);
        routes.getRoute("getPost").addHandler(this::get);
        routes.getRoute("deletePost").addHandler(limits.perUser()).addHandler(this::delete);
        routes.getRoute("listUserPosts").addHandler(this::listByAuthor);
        routes.getRoute("likePost").addHandler(limits.perUser()).addHandler(ctx -> like(ctx, true));
        routes.getRoute("unlikePost").addHandler(limits.perUser()).addHandler(ctx -> like(ctx, false));
    }

    private void create(RoutingContext ctx) {
        CreatePostRequest request = Json.read(ctx.body().buffer().getBytes(), CreatePostRequest.class);
        String authorId = Caller.userId(ctx);
        Post post = new Post(
                UUID.randomUUID().toString(),
                authorId,
                request.uploadId(),
                Upload.objectKey(authorId, request.uploadId()),
                request.caption() == null ? "" : request.caption(),
                Post.Status.PROCESSING,
                "",
                0,
                0,
                clock.instant());
        // The hand-off runs before the answer, so a 201 means the worker has been told if it had to be; it never fails
        // the request, since the post exists either way (AnalysisHandOff says why).
        posts.create(post)
                .compose(created -> handOff.postCreated(created).map(outcome -> created))
                .onSuccess(created -> {
                    events.publish(InteractionEvent.create(
                            EventType.POST_CREATED, authorId, created.postId(), created.createdAt()));
                    Responses.json(
                            ctx,
                            201,
                            new Created(created.postId(), created.status().wire()));
                })
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String viewer = Caller.userId(ctx);
        PostAccess.visiblePost(posts, ctx.pathParam("postId"), viewer)
                .onSuccess(post -> {
                    if (!post.authorId().equals(viewer)) {
                        // Opening a post is a view; an author looking at their own post is not a signal.
                        events.publish(InteractionEvent.create(
                                EventType.VIEW,
                                viewer,
                                post.postId(),
                                clock.instant(),
                                Map.of("authorId", post.authorId())));
                    }
                    Responses.json(ctx, 200, view(post, viewer));
                })
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        String caller = Caller.userId(ctx);
        String postId = ctx.pathParam("postId");
        PostAccess.visiblePost(posts, postId, caller)
                .compose(post -> post.authorId().equals(caller)
                        ? Future.succeededFuture(post)
                        : Future.failedFuture(new ForbiddenException("only the author may delete a post")))
                // The object first, then the post: a retried DELETE finishes what a failed one left.
                .compose(post -> AwsFutures.onContext(
                                s3.deleteObject(delete -> delete.bucket(bucket).key(post.objectKey())))
                        .compose(deleted -> posts.delete(post.postId())))
                .onSuccess(done -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    /**
     * Like or unlike; both idempotent. Only a published post can be liked (404 otherwise). Only a change is an
     * interaction: liking a liked post publishes no second event. The event names the post's author in its context, as
     * views and comments do, so the stream workers credit the author without waiting for the post's own event; the
     * transaction cannot return the post, so a change costs one more read (a post deleted meanwhile has no author to
     * name, and the event goes without).
     */
    private void like(RoutingContext ctx, boolean like) {
        String userId = Caller.userId(ctx);
        String postId = ctx.pathParam("postId");
        (like ? likes.like(postId, userId) : likes.unlike(postId, userId))
                .compose(changed -> changed
                        ? posts.find(postId).map(post -> {
                            events.publish(InteractionEvent.create(
                                    like ? EventType.LIKE : EventType.UNLIKE,
                                    userId,
                                    postId,
                                    clock.instant(),
                                    post.map(found -> Map.of("authorId", found.authorId()))
                                            .orElse(Map.of())));
                            return null;
                        })
                        : Future.succeededFuture())
                .onSuccess(done -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private void listByAuthor(RoutingContext ctx) {
        String viewer = Caller.userId(ctx);
        String authorId = ctx.pathParam("userId");
        posts.byAuthor(authorId, authorId.equals(viewer), Paging.limit(ctx), Paging.cursor(ctx))
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

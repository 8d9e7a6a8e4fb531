package io.glint.api.feed;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.ImageUrls;
import io.glint.api.http.Paging;
import io.glint.api.http.Responses;
import io.glint.api.recommend.RecommendationService.Ranking;
import io.glint.api.recommend.RecommendationsEndpoint;
import io.glint.domain.posts.Post;
import io.glint.domain.users.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /v1/feed} over {@link FeedService}: the caller's timeline, newest first, or with {@code mode=ranked} its
 * newest posts ranked for them (one page, with the experiment and model version in the headers, as recommendations).
 */
public final class FeedEndpoint implements Endpoint {
    private final FeedService feed;
    private final ImageUrls imageUrls;

    /** Who posted an item. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Author(String userId, String username, String displayName, String avatarUrl) {}

    /** A post as the timeline shows it. */
    record FeedItem(
            String postId,
            Author author,
            String caption,
            String imageUrl,
            long likeCount,
            long commentCount,
            boolean likedByMe,
            Instant createdAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FeedPage(List<FeedItem> items, String nextCursor, String modelVersion, String servedBy) {}

    public FeedEndpoint(FeedService feed, ImageUrls imageUrls) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.imageUrls = Objects.requireNonNull(imageUrls, "imageUrls");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("getFeed").addHandler(this::feed);
    }

    private void feed(RoutingContext ctx) {
        String reader = Caller.userId(ctx);
        boolean ranked = ctx.queryParam("mode").contains("ranked");
        (ranked ? feed.ranked(reader, Paging.limit(ctx)) : feed.newest(reader, Paging.limit(ctx), Paging.cursor(ctx)))
                .onSuccess(page -> {
                    Ranking ranking = page.ranking().orElse(null);
                    if (ranking != null) {
                        ctx.response()
                                .putHeader(RecommendationsEndpoint.EXPERIMENT_HEADER, ranking.experiment())
                                .putHeader(RecommendationsEndpoint.MODEL_VERSION_HEADER, ranking.modelVersion());
                    }
                    Responses.privateJson(
                            ctx,
                            200,
                            new FeedPage(
                                    page.items().stream().map(this::item).toList(),
                                    page.nextCursor().orElse(null),
                                    ranking == null ? null : ranking.modelVersion(),
                                    ranking == null ? null : ranking.servedBy()));
                })
                .onFailure(ctx::fail);
    }

    private FeedItem item(FeedService.Shown shown) {
        Post post = shown.post();
        User author = shown.author();
        return new FeedItem(
                post.postId(),
                new Author(author.userId(), author.username(), author.displayName(), imageUrls.get(author.avatarKey())),
                post.caption(),
                imageUrls.get(post.objectKey()),
                post.likeCount(),
                post.commentCount(),
                shown.likedByReader(),
                post.createdAt());
    }
}

package io.glint.api.feed;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.glint.api.Endpoint;
import io.glint.api.auth.Caller;
import io.glint.api.http.ImageUrls;
import io.glint.api.http.Paging;
import io.glint.api.http.Responses;
import io.glint.api.recommend.RecommendationService;
import io.glint.api.recommend.RecommendationsEndpoint;
import io.glint.featurestore.feed.FeedEntry;
import io.glint.featurestore.feed.FeedRepository;
import io.glint.featurestore.posts.LikeRepository;
import io.glint.featurestore.posts.Post;
import io.glint.featurestore.posts.PostRepository;
import io.glint.featurestore.social.FollowRepository;
import io.glint.featurestore.users.User;
import io.glint.featurestore.users.UserRepository;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/feed}: the caller's timeline, newest first. The timeline holds positions only; a page is filled in
 * with four reads in parallel, each one {@code BatchGetItem} (the posts, their authors, the caller's likes of them,
 * and whether the caller still follows each author), so a page costs the same whether the caller follows ten
 * accounts or ten thousand. Entries whose post is gone or not published, or whose author the caller no longer
 * follows, are left out, so a page may hold fewer items than asked for while more follow.
 */
public final class FeedEndpoint implements Endpoint {
    private final FeedRepository feed;
    private final PostRepository posts;
    private final UserRepository users;
    private final LikeRepository likes;
    private final FollowRepository follows;
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

    /** How many of the newest timeline posts the ranked mode ranks. */
    static final int RANKED_WINDOW = 100;

    private final RecommendationService ranking;

    public FeedEndpoint(
            FeedRepository feed,
            PostRepository posts,
            UserRepository users,
            LikeRepository likes,
            FollowRepository follows,
            ImageUrls imageUrls,
            RecommendationService ranking) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.posts = Objects.requireNonNull(posts, "posts");
        this.users = Objects.requireNonNull(users, "users");
        this.likes = Objects.requireNonNull(likes, "likes");
        this.follows = Objects.requireNonNull(follows, "follows");
        this.imageUrls = Objects.requireNonNull(imageUrls, "imageUrls");
        this.ranking = Objects.requireNonNull(ranking, "ranking");
    }

    @Override
    public void addRoutes(RouterBuilder routes) {
        routes.getRoute("getFeed").addHandler(this::feed);
    }

    private void feed(RoutingContext ctx) {
        String reader = Caller.userId(ctx);
        if (ctx.queryParam("mode").contains("ranked")) {
            ranked(ctx, reader);
            return;
        }
        feed.page(reader, Paging.limit(ctx), Paging.cursor(ctx))
                .compose(page -> items(reader, page.entries())
                        .map(items -> new FeedPage(items, page.nextCursor().orElse(null), null, null)))
                .onSuccess(page -> Responses.privateJson(ctx, 200, page))
                .onFailure(ctx::fail);
    }

    /** The newest {@value #RANKED_WINDOW} timeline posts the reader may see, ranked for them; one page. */
    private void ranked(RoutingContext ctx, String reader) {
        int limit = Paging.limit(ctx);
        feed.page(reader, RANKED_WINDOW, null)
                .compose(page -> items(reader, page.entries()))
                .compose(items -> {
                    Map<String, FeedItem> byId = items.stream()
                            .collect(Collectors.toMap(FeedItem::postId, Function.identity(), (a, b) -> a));
                    List<String> ids = items.stream().map(FeedItem::postId).toList();
                    return ranking.rankPosts(reader, ids).map(order -> {
                        List<FeedItem> top = order.itemIds().stream()
                                .limit(limit)
                                .map(byId::get)
                                .toList();
                        ranking.shown(reader, top.stream().map(FeedItem::postId).toList(), order);
                        ctx.response()
                                .putHeader(RecommendationsEndpoint.EXPERIMENT_HEADER, order.experiment())
                                .putHeader(RecommendationsEndpoint.MODEL_VERSION_HEADER, order.modelVersion());
                        return new FeedPage(top, null, order.modelVersion(), order.servedBy());
                    });
                })
                .onSuccess(page -> Responses.privateJson(ctx, 200, page))
                .onFailure(ctx::fail);
    }

    private Future<List<FeedItem>> items(String reader, List<FeedEntry> entries) {
        List<String> postIds = entries.stream().map(FeedEntry::postId).toList();
        List<String> authorIds =
                entries.stream().map(FeedEntry::authorId).distinct().toList();
        List<String> others =
                authorIds.stream().filter(id -> !id.equals(reader)).toList();
        Future<List<Post>> found = posts.findAll(postIds);
        Future<List<User>> authors = users.findAll(authorIds);
        Future<Set<String>> liked = likes.likedAmong(reader, postIds);
        Future<Set<String>> followed = follows.followingAmong(reader, others);
        return Future.all(found, authors, liked, followed).map(all -> {
            Map<String, Post> postsById =
                    found.result().stream().collect(Collectors.toMap(Post::postId, Function.identity()));
            Map<String, User> authorsById =
                    authors.result().stream().collect(Collectors.toMap(User::userId, Function.identity()));
            List<FeedItem> items = new ArrayList<>(entries.size());
            for (FeedEntry entry : entries) {
                Post post = postsById.get(entry.postId());
                User author = post == null ? null : authorsById.get(post.authorId());
                boolean shown = post != null
                        && post.status() == Post.Status.PUBLISHED
                        && author != null
                        && (author.userId().equals(reader) || followed.result().contains(author.userId()));
                if (shown) {
                    items.add(item(post, author, liked.result().contains(post.postId())));
                }
            }
            return items;
        });
    }

    private FeedItem item(Post post, User author, boolean likedByMe) {
        return new FeedItem(
                post.postId(),
                new Author(author.userId(), author.username(), author.displayName(), imageUrls.get(author.avatarKey())),
                post.caption(),
                imageUrls.get(post.objectKey()),
                post.likeCount(),
                post.commentCount(),
                likedByMe,
                post.createdAt());
    }
}

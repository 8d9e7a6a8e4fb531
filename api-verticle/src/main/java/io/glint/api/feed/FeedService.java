package io.glint.api.feed;

import io.glint.api.recommend.RecommendationService.Ranking;
import io.glint.domain.feed.FeedEntry;
import io.glint.domain.feed.FeedRepository;
import io.glint.domain.posts.LikeRepository;
import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.glint.domain.social.FollowRepository;
import io.glint.domain.users.User;
import io.glint.domain.users.UserRepository;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The reader's timeline, newest first or ranked. The timeline holds positions only; a page is filled in with four
 * reads in parallel, each one batch read (the posts, their authors, the reader's likes of them, and whether the reader
 * still follows each author), so a page costs the same whether the reader follows ten accounts or ten thousand.
 *
 * <p><b>Visibility.</b> Entries whose post is gone or not published, or whose author is gone or no longer followed by
 * the reader (the reader's own posts excepted), are left out, so a page may hold fewer items than asked for while more
 * follow.
 */
public final class FeedService {
    /** How many of the newest timeline posts the ranked mode ranks. */
    static final int RANKED_WINDOW = 100;

    private final FeedRepository feed;
    private final PostRepository posts;
    private final UserRepository users;
    private final LikeRepository likes;
    private final FollowRepository follows;
    private final TimelineOrdering ranker;

    /** A post as the timeline shows it: with its author and whether the reader liked it. */
    public record Shown(Post post, User author, boolean likedByReader) {}

    /**
     * One page of a timeline.
     *
     * @param nextCursor where the next page starts (none for the ranked mode: it is one page)
     * @param ranking how the ranked mode ordered it (none for the newest-first mode)
     */
    public record Page(List<Shown> items, Optional<String> nextCursor, Optional<Ranking> ranking) {}

    public FeedService(
            FeedRepository feed,
            PostRepository posts,
            UserRepository users,
            LikeRepository likes,
            FollowRepository follows,
            TimelineOrdering ranker) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.posts = Objects.requireNonNull(posts, "posts");
        this.users = Objects.requireNonNull(users, "users");
        this.likes = Objects.requireNonNull(likes, "likes");
        this.follows = Objects.requireNonNull(follows, "follows");
        this.ranker = Objects.requireNonNull(ranker, "ranker");
    }

    /** A page of the reader's timeline, newest first. */
    public Future<Page> newest(String reader, int limit, String cursor) {
        return feed.page(reader, limit, cursor).compose(page -> shown(reader, page.entries())
                .map(items -> new Page(items, page.nextCursor(), Optional.empty())));
    }

    /**
     * The newest {@value #RANKED_WINDOW} timeline posts the reader may see, ranked for them: the best {@code limit}, as
     * one page. What it returns is logged as shown (impressions).
     */
    public Future<Page> ranked(String reader, int limit) {
        return feed.page(reader, RANKED_WINDOW, null)
                .compose(page -> shown(reader, page.entries()))
                .compose(items -> {
                    Map<String, Shown> byId = items.stream()
                            .collect(Collectors.toMap(item -> item.post().postId(), Function.identity(), (a, b) -> a));
                    List<String> ids =
                            items.stream().map(item -> item.post().postId()).toList();
                    return ranker.rank(reader, ids).map(order -> {
                        List<Shown> top = order.itemIds().stream()
                                .limit(limit)
                                .map(byId::get)
                                .toList();
                        ranker.shown(
                                reader,
                                top.stream().map(item -> item.post().postId()).toList(),
                                order);
                        return new Page(top, Optional.empty(), Optional.of(order));
                    });
                });
    }

    private Future<List<Shown>> shown(String reader, List<FeedEntry> entries) {
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
            List<Shown> items = new ArrayList<>(entries.size());
            for (FeedEntry entry : entries) {
                Post post = postsById.get(entry.postId());
                User author = post == null ? null : authorsById.get(post.authorId());
                boolean visible = post != null
                        && post.status() == Post.Status.PUBLISHED
                        && author != null
                        && (author.userId().equals(reader) || followed.result().contains(author.userId()));
                if (visible) {
                    items.add(new Shown(post, author, liked.result().contains(post.postId())));
                }
            }
            return items;
        });
    }
}

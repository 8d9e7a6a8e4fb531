package io.glint.api.feed;

import static io.glint.api.fakes.Outcomes.done;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.fakes.InMemoryFeed;
import io.glint.api.fakes.InMemoryFollows;
import io.glint.api.fakes.InMemoryLikes;
import io.glint.api.fakes.InMemoryPosts;
import io.glint.api.fakes.InMemoryUsers;
import io.glint.api.recommend.RecommendationService.Ranking;
import io.glint.domain.posts.Post;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timeline's rules, with in-memory stores and a ranker that reverses the order. */
class FeedServiceTest {
    private static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");

    private final InMemoryFeed feed = new InMemoryFeed();
    private final InMemoryPosts posts = new InMemoryPosts();
    private final InMemoryUsers users = new InMemoryUsers();
    private final InMemoryLikes likes = new InMemoryLikes(posts);
    private final InMemoryFollows follows = new InMemoryFollows();
    private final List<List<String>> shown = new ArrayList<>();
    private final FeedService service = new FeedService(feed, posts, users, likes, follows, new TimelineOrdering() {
        @Override
        public Future<Ranking> rank(String readerId, List<String> postIds) {
            List<String> reversed = new ArrayList<>(postIds);
            java.util.Collections.reverse(reversed);
            return Future.succeededFuture(
                    new Ranking(reversed, new float[reversed.size()], "v7", "embedded", "ranking=model"));
        }

        @Override
        public void shown(String readerId, List<String> postIds, Ranking ranking) {
            shown.add(postIds);
        }
    });

    @Test
    void theTimelineShowsPublishedPostsOfFollowedAuthorsAndTheReadersOwnNewestFirst() {
        users.add("ana", "ana");
        users.add("bo", "bo");
        users.add("cy", "cy");
        done(follows.follow("ana", "bo"));
        deliver("ana", post("own", "ana", Post.Status.PUBLISHED, 1));
        deliver("ana", post("followed", "bo", Post.Status.PUBLISHED, 2));
        deliver("ana", post("blocked", "bo", Post.Status.BLOCKED, 3));
        deliver("ana", post("unfollowed", "cy", Post.Status.PUBLISHED, 4));
        deliver("ana", post("authorGone", "zed", Post.Status.PUBLISHED, 5));
        feed.deliver(
                "ana", new Post("deleted", "bo", "u", "k", "", Post.Status.PUBLISHED, "", 0, 0, T0.plusSeconds(6)));

        FeedService.Page page = done(service.newest("ana", 20, null));

        assertThat(page.items()).extracting(item -> item.post().postId()).containsExactly("followed", "own");
        assertThat(page.items().get(0).author().userId()).isEqualTo("bo");
        assertThat(page.ranking()).isEmpty();
    }

    @Test
    void theTimelineSaysWhichPostsTheReaderLiked() {
        users.add("ana", "ana");
        users.add("bo", "bo");
        done(follows.follow("ana", "bo"));
        deliver("ana", post("liked", "bo", Post.Status.PUBLISHED, 1));
        deliver("ana", post("notLiked", "bo", Post.Status.PUBLISHED, 2));
        done(likes.like("liked", "ana"));

        assertThat(done(service.newest("ana", 20, null)).items())
                .extracting(item -> item.post().postId() + "=" + item.likedByReader())
                .containsExactly("notLiked=false", "liked=true");
    }

    @Test
    void theRankedTimelineTakesTheRankersOrderAndLogsOnlyWhatItShows() {
        users.add("ana", "ana");
        for (int i = 1; i <= 4; i++) {
            deliver("ana", post("p" + i, "ana", Post.Status.PUBLISHED, i));
        }
        deliver("ana", post("hidden", "zed", Post.Status.PUBLISHED, 5));

        FeedService.Page page = done(service.ranked("ana", 3));

        // Newest first is p4..p1; the fake ranker reverses it.
        assertThat(page.items()).extracting(item -> item.post().postId()).containsExactly("p1", "p2", "p3");
        assertThat(page.ranking()).get().extracting(Ranking::modelVersion).isEqualTo("v7");
        assertThat(page.nextCursor()).isEmpty();
        assertThat(shown).containsExactly(List.of("p1", "p2", "p3"));
    }

    private Post post(String postId, String authorId, Post.Status status, int second) {
        return posts.put(new Post(
                postId,
                authorId,
                "u-" + postId,
                "uploads/" + authorId + "/u-" + postId,
                "",
                status,
                "",
                0,
                0,
                T0.plusSeconds(second)));
    }

    private void deliver(String reader, Post post) {
        feed.deliver(reader, post);
    }
}

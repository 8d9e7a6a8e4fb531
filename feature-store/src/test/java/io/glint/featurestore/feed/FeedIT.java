package io.glint.featurestore.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.error.InvalidException;
import io.glint.domain.feed.FeedConfig;
import io.glint.domain.feed.FeedEntry;
import io.glint.domain.feed.FeedRepository;
import io.glint.domain.feed.PostPublisher;
import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.glint.domain.social.FollowRepository;
import io.glint.domain.uploads.Upload;
import io.glint.domain.users.User;
import io.glint.featurestore.posts.DynamoPostRepository;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.glint.featurestore.social.DynamoFollowRepository;
import io.glint.featurestore.uploads.DynamoUploadRepository;
import io.glint.featurestore.users.DynamoUserRepository;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** Hybrid fan-out against the local DynamoDB stand-in: deliveries, pulled authors, the merged read, follows and unfollows. */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class FeedIT {
    /** Authors with this many followers are pulled: small, so that a test can cross it. */
    private static final int PULL_THRESHOLD = 4;

    private TestStack stack;
    private DynamoUserRepository users;
    private FollowRepository follows;
    private PostRepository posts;
    private FeedRepository feed;
    private PostPublisher publisher;
    private Instant clock;

    @BeforeEach
    void repositories(Vertx vertx, TestStack stack) {
        this.stack = stack;
        var dynamoDb = stack.clients().dynamoDb();
        users = new DynamoUserRepository(vertx, dynamoDb, stack.names());
        follows = new DynamoFollowRepository(vertx, dynamoDb, stack.names(), Clock.systemUTC());
        posts = new DynamoPostRepository(vertx, dynamoDb, stack.names());
        feed = new DynamoFeedRepository(
                vertx,
                dynamoDb,
                stack.names(),
                new FeedConfig(PULL_THRESHOLD, Duration.ofDays(30), 20, 100),
                Clock.systemUTC());
        publisher = new PostPublisher(posts, feed);
        clock = Instant.now().minusSeconds(3600);
    }

    @Test
    void aPublishedPostReachesItsAuthorAndEveryFollowerAndNoOneElse() {
        String author = user();
        List<String> followers = new ArrayList<>();
        for (int i = 0; i < PULL_THRESHOLD - 1; i++) {
            followers.add(user());
            follow(followers.get(i), author);
        }
        String stranger = user();
        Post post = post(author);

        FeedRepository.FanOut fanOut = feed.fanOut(publisher
                        .decide(post.postId(), Post.Status.PUBLISHED, "")
                        .await())
                .await();

        assertThat(fanOut).isEqualTo(new FeedRepository.FanOut(PULL_THRESHOLD, false));
        for (String reader : followers) {
            assertThat(postIds(reader, 10)).containsExactly(post.postId());
        }
        assertThat(postIds(author, 10)).as("the author's own timeline").containsExactly(post.postId());
        assertThat(postIds(stranger, 10)).isEmpty();
    }

    @Test
    void aProcessingOrBlockedPostIsNotDelivered() {
        String author = user();
        String follower = user();
        follow(follower, author);
        Post blocked = post(author);
        post(author); // Still processing.

        publisher.decide(blocked.postId(), Post.Status.BLOCKED, "violence").await();

        assertThat(postIds(follower, 10)).isEmpty();
        assertThatThrownBy(() -> feed.fanOut(blocked)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pagesMergeTheInboxWithPulledAuthorsNewestFirstWithoutGapsOrRepeats() {
        String reader = user();
        String regular = user();
        String celebrity = user();
        follow(reader, regular);
        follow(reader, celebrity);
        for (int i = 0; i < PULL_THRESHOLD; i++) {
            follow(user(), celebrity);
        }
        List<Post> all = new ArrayList<>();
        // Interleaved in time, with the celebrity's first post crossing the threshold (it switches to pull).
        for (int i = 0; i < 23; i++) {
            all.add(published(i % 3 == 0 ? regular : celebrity));
        }
        assertThat(feed.fanOut(all.get(1)).await().pulled()).isTrue();

        List<String> expected = all.stream()
                .sorted(Comparator.comparing(Post::createdAt).reversed())
                .map(Post::postId)
                .toList();
        for (int limit : new int[] {1, 4, 7, 50}) {
            assertThat(allPages(reader, limit)).as("pages of %d", limit).containsExactlyElementsOf(expected);
        }
        // A new follower of the pulled author reads the author's posts through the marked edge.
        String late = user();
        follow(late, celebrity);
        assertThat(postIds(late, 50))
                .containsExactlyElementsOf(all.stream()
                        .filter(post -> post.authorId().equals(celebrity))
                        .sorted(Comparator.comparing(Post::createdAt).reversed())
                        .map(Post::postId)
                        .toList());
    }

    @Test
    void aNewFollowerGetsRecentPostsAndAnUnfollowTakesThemAway() {
        String author = user();
        String other = user();
        String reader = user();
        Post first = published(author);
        Post second = published(author);
        follow(reader, other);
        Post unrelated = published(other);

        follow(reader, author);
        assertThat(postIds(reader, 10)).containsExactly(unrelated.postId(), second.postId(), first.postId());

        follows.unfollow(reader, author).await();
        feed.unfollowed(reader, author).await();
        assertThat(postIds(reader, 10)).containsExactly(unrelated.postId());
    }

    @Test
    void entriesPastTheirTimeToLiveAreNotShown(Vertx vertx) {
        String author = user();
        String reader = user();
        follow(reader, author);
        clock = Instant.now().minus(Duration.ofDays(31));
        published(author);

        assertThat(postIds(reader, 10)).isEmpty();
        assertThat(stack.clients()
                        .dynamoDb()
                        .describeTimeToLive(
                                describe -> describe.tableName(FeatureStoreTables.FEED.tableName(stack.names())))
                        .join()
                        .timeToLiveDescription()
                        .timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.ENABLED);
    }

    @Test
    void aCursorIsHonouredOnlyOnTheTimelineItWasMadeFor() {
        String author = user();
        String reader = user();
        String other = user();
        follow(reader, author);
        published(author);
        published(author);
        String cursor = feed.page(reader, 1, null).await().nextCursor().orElseThrow();

        assertThat(feed.page(reader, 1, cursor).await().entries()).hasSize(1);
        assertThatThrownBy(() -> feed.page(other, 1, cursor).await()).isInstanceOf(InvalidException.class);
        assertThatThrownBy(() -> feed.page(reader, 1, "not-a-cursor").await()).isInstanceOf(InvalidException.class);
    }

    private List<String> allPages(String reader, int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 200; pages++) {
            FeedRepository.Page page = feed.page(reader, limit, cursor).await();
            assertThat(page.entries().size()).isLessThanOrEqualTo(limit);
            page.entries().forEach(entry -> seen.add(entry.postId()));
            if (page.nextCursor().isEmpty()) {
                return seen;
            }
            cursor = page.nextCursor().get();
        }
        throw new AssertionError("the pages never ended");
    }

    private List<String> postIds(String reader, int limit) {
        return feed.page(reader, limit, null).await().entries().stream()
                .map(FeedEntry::postId)
                .toList();
    }

    private String user() {
        String userId = UUID.randomUUID().toString();
        users.create(User.newAccount(userId, "u" + userId.substring(0, 8), "User", "hash", Instant.now()))
                .await();
        return userId;
    }

    /** Follows as the API does: the edge, then what it changes in the follower's timeline. */
    private void follow(String follower, String followee) {
        follows.follow(follower, followee).await();
        feed.followed(follower, followee).await();
    }

    private Post published(String authorId) {
        return publisher
                .decide(post(authorId).postId(), Post.Status.PUBLISHED, "")
                .await();
    }

    /** A processing post, a second later than the previous one. */
    private Post post(String authorId) {
        String uploadId = UUID.randomUUID().toString();
        new DynamoUploadRepository(stack.clients().dynamoDb(), stack.names())
                .create(new Upload(
                        uploadId, authorId, Upload.objectKey(authorId, uploadId), "image/png", 10, Instant.now()))
                .await();
        clock = clock.plusSeconds(1);
        return posts.create(new Post(
                        UUID.randomUUID().toString(),
                        authorId,
                        uploadId,
                        Upload.objectKey(authorId, uploadId),
                        "",
                        Post.Status.PROCESSING,
                        "",
                        0,
                        0,
                        clock))
                .await();
    }
}

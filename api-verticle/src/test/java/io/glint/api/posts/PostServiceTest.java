package io.glint.api.posts;

import static io.glint.api.fakes.Outcomes.done;
import static io.glint.api.fakes.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.analysis.AnalysisHandOff;
import io.glint.api.fakes.InMemoryAnalyses;
import io.glint.api.fakes.InMemoryPosts;
import io.glint.api.fakes.RecordingEvents;
import io.glint.core.error.ConflictException;
import io.glint.core.error.ForbiddenException;
import io.glint.core.error.NotFoundException;
import io.glint.domain.analysis.Analysis;
import io.glint.domain.posts.Post;
import io.glint.events.EventType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The posts' rules, with in-memory stores. */
class PostServiceTest {
    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

    private final InMemoryPosts posts = new InMemoryPosts();
    private final InMemoryAnalyses analyses = new InMemoryAnalyses();
    private final RecordingEvents events = new RecordingEvents();
    private final List<String> deletedObjects = new ArrayList<>();
    private final List<String> queued = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private boolean objectStoreDown;
    private final PostService service = new PostService(
            posts,
            key -> {
                if (objectStoreDown) {
                    return Future.failedFuture(new IllegalStateException("S3 is away"));
                }
                deletedObjects.add(key);
                return Future.succeededFuture();
            },
            events,
            new AnalysisHandOff(
                    analyses,
                    (postId, objectKey) -> {
                        queued.add(postId);
                        return Future.succeededFuture();
                    },
                    meters),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aNewPostIsProcessingUnderTheAuthorsUploadAndIsAnnounced() {
        Post created = done(service.create("ana", "upload-1", "Sunrise"));

        assertThat(created.status()).isEqualTo(Post.Status.PROCESSING);
        assertThat(created.objectKey()).isEqualTo("uploads/ana/upload-1");
        assertThat(created.createdAt()).isEqualTo(NOW);
        assertThat(events.published).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.POST_CREATED);
            assertThat(event.itemId()).isEqualTo(created.postId());
        });
    }

    @Test
    void aSecondPostOfTheSameUploadConflictsAndIsNotAnnounced() {
        done(service.create("ana", "upload-1", null));

        assertThat(failure(service.create("ana", "upload-1", "again"))).isInstanceOf(ConflictException.class);
        assertThat(events.published).hasSize(1);
    }

    @Test
    void aFailedHandOffToTheAnalysisWorkerDoesNotFailTheCreation() {
        analyses.failReads = true;

        Post created = done(service.create("ana", "upload-1", ""));

        assertThat(posts.posts).containsKey(created.postId());
        assertThat(queued).isEmpty();
        assertThat(meters.get(AnalysisHandOff.HANDOFFS)
                        .tag("outcome", "failed")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aPostWhoseUploadWasAnalysedFirstIsHandedToTheAnalysisWorker() {
        done(analyses.record(new Analysis(
                "uploads/ana/upload-1",
                "ana",
                Analysis.Verdict.ACCEPTED,
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                10,
                NOW)));

        Post created = done(service.create("ana", "upload-1", ""));
        done(service.create("ana", "upload-2", ""));

        assertThat(queued).containsExactly(created.postId());
        assertThat(meters.get(AnalysisHandOff.HANDOFFS)
                        .tag("outcome", "sent")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get(AnalysisHandOff.HANDOFFS)
                        .tag("outcome", "not_needed")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void anUnpublishedPostExistsOnlyForItsAuthor() {
        Post post = done(service.create("ana", "upload-1", ""));

        assertThat(done(service.visiblePost(post.postId(), "ana"))).isEqualTo(post);
        assertThat(failure(service.visiblePost(post.postId(), "bo"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void openingSomeoneElsesPostIsAViewButOpeningOnesOwnIsNot() {
        Post post = published("ana");

        done(service.open(post.postId(), "ana"));
        done(service.open(post.postId(), "bo"));

        assertThat(events.published).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.VIEW);
            assertThat(event.userId()).isEqualTo("bo");
            assertThat(event.context()).containsEntry("authorId", "ana");
        });
    }

    @Test
    void onlyTheAuthorMayDeleteAPostAndNothingIsDeletedOtherwise() {
        Post post = published("ana");

        assertThat(failure(service.delete(post.postId(), "bo"))).isInstanceOf(ForbiddenException.class);
        assertThat(deletedObjects).isEmpty();
        assertThat(posts.posts).containsKey(post.postId());

        done(service.delete(post.postId(), "ana"));
        assertThat(deletedObjects).containsExactly(post.objectKey());
        assertThat(posts.posts).doesNotContainKey(post.postId());
    }

    @Test
    void whenTheObjectCannotBeDeletedThePostStaysSoThatARetryFinishesTheJob() {
        Post post = published("ana");
        objectStoreDown = true;

        assertThat(failure(service.delete(post.postId(), "ana"))).hasMessageContaining("S3 is away");
        assertThat(posts.posts).containsKey(post.postId());

        objectStoreDown = false;
        done(service.delete(post.postId(), "ana"));
        assertThat(posts.posts).isEmpty();
    }

    @Test
    void anAuthorsUnpublishedPostsAreListedOnlyForThem() {
        published("ana");
        done(service.create("ana", "upload-2", "processing"));

        assertThat(done(service.byAuthor("ana", "ana", 10, null)).posts()).hasSize(2);
        assertThat(done(service.byAuthor("ana", "bo", 10, null)).posts())
                .singleElement()
                .extracting(Post::status)
                .isEqualTo(Post.Status.PUBLISHED);
    }

    private Post published(String authorId) {
        Post post = done(service.create(authorId, "upload-" + posts.posts.size(), "caption"));
        events.published.clear();
        return done(posts.decide(post.postId(), Post.Status.PUBLISHED, ""));
    }
}

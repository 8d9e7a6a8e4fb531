package io.glint.api.comments;

import static io.glint.api.fakes.Outcomes.done;
import static io.glint.api.fakes.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.fakes.InMemoryComments;
import io.glint.api.fakes.InMemoryPosts;
import io.glint.api.fakes.RecordingEvents;
import io.glint.core.error.ForbiddenException;
import io.glint.core.error.NotFoundException;
import io.glint.domain.posts.Comment;
import io.glint.domain.posts.Post;
import io.glint.events.EventType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The comments' rules, with in-memory stores. */
class CommentServiceTest {
    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

    private final InMemoryPosts posts = new InMemoryPosts();
    private final InMemoryComments comments = new InMemoryComments();
    private final RecordingEvents events = new RecordingEvents();
    private final CommentService service =
            new CommentService(comments, posts, events, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aCommentIsAnInteractionThatNamesThePostsAuthor() {
        post("p1", "ana", Post.Status.PUBLISHED);

        Comment comment = done(service.add("bo", "p1", "Lovely"));

        assertThat(comment.authorId()).isEqualTo("bo");
        assertThat(comment.createdAt()).isEqualTo(NOW);
        assertThat(events.published).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.COMMENT);
            assertThat(event.context())
                    .containsEntry("authorId", "ana")
                    .containsEntry("commentId", comment.commentId());
        });
    }

    @Test
    void aPostTheCallerCannotSeeHasNoCommentsToReadOrWrite() {
        post("p1", "ana", Post.Status.PROCESSING);

        assertThat(failure(service.add("bo", "p1", "First"))).isInstanceOf(NotFoundException.class);
        assertThat(failure(service.list("bo", "p1", 10, null))).isInstanceOf(NotFoundException.class);
        assertThat(comments.comments).isEmpty();
        assertThat(events.published).isEmpty();
        assertThat(done(service.add("ana", "p1", "Mine")).text()).isEqualTo("Mine");
    }

    @Test
    void onlyTheCommentsAuthorMayEditIt() {
        post("p1", "ana", Post.Status.PUBLISHED);
        Comment comment = done(service.add("bo", "p1", "Lovely"));

        assertThat(failure(service.edit("ana", "p1", comment.commentId(), "Edited by the owner")))
                .isInstanceOf(ForbiddenException.class);
        Comment edited = done(service.edit("bo", "p1", comment.commentId(), "Lovely!"));
        assertThat(edited.text()).isEqualTo("Lovely!");
        assertThat(edited.editedAt()).isEqualTo(NOW);
    }

    @Test
    void thePostsOwnerMayDeleteAnyCommentOnItButNobodyElseMay() {
        post("p1", "ana", Post.Status.PUBLISHED);
        Comment first = done(service.add("bo", "p1", "One"));
        Comment second = done(service.add("cy", "p1", "Two"));

        assertThat(failure(service.delete("cy", "p1", first.commentId()))).isInstanceOf(ForbiddenException.class);
        done(service.delete("ana", "p1", first.commentId()));
        done(service.delete("cy", "p1", second.commentId()));

        assertThat(comments.comments).isEmpty();
    }

    private void post(String postId, String authorId, Post.Status status) {
        posts.put(new Post(
                postId, authorId, "u-" + postId, "uploads/" + authorId + "/u-" + postId, "", status, "", 0, 0, NOW));
    }
}

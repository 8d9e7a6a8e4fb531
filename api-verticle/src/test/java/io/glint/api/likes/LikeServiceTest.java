package io.glint.api.likes;

import static io.glint.api.fakes.Outcomes.done;
import static io.glint.api.fakes.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.fakes.InMemoryLikes;
import io.glint.api.fakes.InMemoryPosts;
import io.glint.api.fakes.RecordingEvents;
import io.glint.core.error.NotFoundException;
import io.glint.domain.posts.Post;
import io.glint.events.EventType;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The likes' rules, with in-memory stores. */
class LikeServiceTest {
    private final InMemoryPosts posts = new InMemoryPosts();
    private final InMemoryLikes likes = new InMemoryLikes(posts);
    private final RecordingEvents events = new RecordingEvents();
    private final LikeService service = new LikeService(likes, posts, events, Clock.systemUTC());

    @Test
    void onlyAChangeIsAnInteraction() {
        post("p1", Post.Status.PUBLISHED);

        done(service.set("p1", "bo", true));
        done(service.set("p1", "bo", true));
        done(service.set("p1", "bo", false));
        done(service.set("p1", "bo", false));

        assertThat(events.published)
                .extracting(event -> event.type())
                .containsExactly(EventType.LIKE, EventType.UNLIKE);
    }

    @Test
    void theLikeEventNamesThePostsAuthor() {
        post("p1", Post.Status.PUBLISHED);

        done(service.set("p1", "bo", true));

        assertThat(events.published).singleElement().satisfies(event -> {
            assertThat(event.userId()).isEqualTo("bo");
            assertThat(event.itemId()).isEqualTo("p1");
            assertThat(event.context()).containsEntry("authorId", "ana");
        });
    }

    @Test
    void aPostNotPublishedCannotBeLikedAndNothingIsAnnounced() {
        post("p1", Post.Status.PROCESSING);

        assertThat(failure(service.set("p1", "bo", true))).isInstanceOf(NotFoundException.class);
        assertThat(failure(service.set("missing", "bo", true))).isInstanceOf(NotFoundException.class);
        assertThat(events.published).isEmpty();
    }

    private void post(String postId, Post.Status status) {
        posts.put(
                new Post(postId, "ana", "u-" + postId, "uploads/ana/u-" + postId, "", status, "", 0, 0, Instant.EPOCH));
    }
}

package io.glint.api.social;

import static io.glint.api.fakes.Outcomes.done;
import static io.glint.api.fakes.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.fakes.InMemoryFeed;
import io.glint.api.fakes.InMemoryFollows;
import io.glint.api.fakes.InMemoryUsers;
import io.glint.api.fakes.RecordingEvents;
import io.glint.core.error.InvalidException;
import io.glint.domain.users.User;
import io.glint.events.EventType;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The social graph's rules, with in-memory stores. */
class SocialServiceTest {
    private final InMemoryFollows follows = new InMemoryFollows();
    private final InMemoryUsers users = new InMemoryUsers();
    private final InMemoryFeed feed = new InMemoryFeed();
    private final RecordingEvents events = new RecordingEvents();
    private final SocialService service = new SocialService(follows, users, feed, events, Clock.systemUTC());

    @Test
    void followingYourselfIsInvalidAndChangesNothing() {
        assertThat(failure(service.follow("ana", "ana"))).isInstanceOf(InvalidException.class);
        assertThat(done(follows.following("ana", 10, null)).userIds()).isEmpty();
        assertThat(events.published).isEmpty();
    }

    @Test
    void onlyANewFollowOrAnActualUnfollowIsAnInteraction() {
        done(service.follow("ana", "bo"));
        done(service.follow("ana", "bo"));
        done(service.unfollow("ana", "bo"));
        done(service.unfollow("ana", "bo"));

        assertThat(events.published)
                .extracting(event -> event.type())
                .containsExactly(EventType.FOLLOW, EventType.UNFOLLOW);
    }

    @Test
    void everyFollowBringsTheFolloweesPostsIntoTheTimelineEvenARepeatedOne() {
        done(service.follow("ana", "bo"));
        done(service.follow("ana", "bo"));

        assertThat(feed.followSteps).containsExactly("followed ana bo", "followed ana bo");
    }

    @Test
    void aFollowOrUnfollowStandsWhenOnlyItsTimelineStepFails() {
        feed.failFollowSteps = true;

        done(service.follow("ana", "bo"));
        assertThat(done(follows.followingAmong("ana", java.util.List.of("bo")))).containsExactly("bo");

        done(service.unfollow("ana", "bo"));
        assertThat(done(follows.followingAmong("ana", java.util.List.of("bo")))).isEmpty();
        assertThat(feed.followSteps).containsExactly("followed ana bo", "unfollowed ana bo");
    }

    @Test
    void listsKeepTheirOrderAndLeaveOutAccountsDeletedMeanwhile() {
        users.add("bo", "bo");
        users.add("cy", "cy");
        users.add("di", "di");
        for (String followee : new String[] {"di", "bo", "gone", "cy"}) {
            done(service.follow("ana", followee));
        }
        done(service.follow("bo", "di"));

        assertThat(done(service.following("ana", 10, null)).users())
                .extracting(User::userId)
                .containsExactly("di", "bo", "cy");
        assertThat(done(service.followers("di", 10, null)).users())
                .extracting(User::userId)
                .containsExactly("bo");
    }
}

package io.glint.api.profile;

import static io.glint.api.fakes.Outcomes.done;
import static io.glint.api.fakes.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.fakes.InMemoryFollows;
import io.glint.api.fakes.InMemoryUploads;
import io.glint.api.fakes.InMemoryUsers;
import io.glint.core.error.NotFoundException;
import io.glint.domain.uploads.Upload;
import io.glint.domain.users.User;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The profiles' rules, with in-memory stores. */
class ProfileServiceTest {
    private final InMemoryUsers users = new InMemoryUsers();
    private final InMemoryFollows follows = new InMemoryFollows();
    private final InMemoryUploads uploads = new InMemoryUploads();
    private final ProfileService service = new ProfileService(users, follows, uploads);

    @Test
    void anAvatarMustBeOneOfTheCallersOwnUploads() {
        users.add("ana", "ana");
        done(uploads.create(new Upload("bos", "bo", "uploads/bo/bos", "image/png", 10, Instant.EPOCH)));
        done(uploads.create(new Upload("anas", "ana", "uploads/ana/anas", "image/png", 10, Instant.EPOCH)));

        assertThat(failure(service.update("ana", null, null, "bos"))).isInstanceOf(NotFoundException.class);
        assertThat(failure(service.update("ana", null, null, "missing"))).isInstanceOf(NotFoundException.class);
        assertThat(users.users.get("ana").avatarKey()).isNull();

        User changed = done(service.update("ana", "Ana", null, "anas"));
        assertThat(changed.avatarKey()).isEqualTo("uploads/ana/anas");
        assertThat(changed.displayName()).isEqualTo("Ana");
    }

    @Test
    void aProfileSaysWhetherTheCallerFollowsThemAndNobodyFollowsThemselves() {
        users.add("ana", "ana");
        users.add("bo", "bo");
        done(follows.follow("ana", "bo"));

        assertThat(done(service.profile("ana", "bo")).followedByCaller()).isTrue();
        assertThat(done(service.profile("bo", "ana")).followedByCaller()).isFalse();
        assertThat(done(service.profile("ana", "ana")).followedByCaller()).isFalse();
    }

    @Test
    void anAccountThatIsGoneIsNotFound() {
        assertThat(failure(service.profile("ana", "ghost"))).isInstanceOf(NotFoundException.class);
        assertThat(failure(service.me("ghost"))).isInstanceOf(NotFoundException.class);
    }
}

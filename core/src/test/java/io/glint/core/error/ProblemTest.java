package io.glint.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.json.Json;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void eachKnownFailureMapsToItsOwnStatus() {
        assertThat(Problem.from(new InvalidException("x"), "/p", "r").status()).isEqualTo(400);
        assertThat(Problem.from(new UnauthorizedException("x"), "/p", "r").status())
                .isEqualTo(401);
        assertThat(Problem.from(new ForbiddenException("x"), "/p", "r").status())
                .isEqualTo(403);
        assertThat(Problem.from(new NotFoundException("x"), "/p", "r").status()).isEqualTo(404);
        assertThat(Problem.from(new ConflictException("x"), "/p", "r").status()).isEqualTo(409);
        assertThat(Problem.from(new PayloadTooLargeException("x"), "/p", "r").status())
                .isEqualTo(413);
        assertThat(Problem.from(new TooManyRequestsException("x", Duration.ofSeconds(1)), "/p", "r")
                        .status())
                .isEqualTo(429);
        assertThat(Problem.from(new UnavailableException("x"), "/p", "r").status())
                .isEqualTo(503);
    }

    @Test
    void unknownFailuresBecomeA500ThatLeaksNothing() {
        Problem problem = Problem.from(new IllegalStateException("db password is hunter2"), "/v1/x", "req-1");

        assertThat(problem.status()).isEqualTo(500);
        assertThat(Json.writeString(problem)).doesNotContain("hunter2").contains("req-1");
    }

    @Test
    void validationProblemsListTheFieldsAtFault() {
        var failure = new InvalidException(
                "caption is too long", List.of(new Problem.FieldError("/caption", "at most 2200 characters")), null);

        String json = Json.writeString(Problem.from(failure, "/v1/posts", "req-2"));

        assertThat(json)
                .contains("\"type\":\"https://glint.dev/problems/invalid-request\"")
                .contains("\"title\":\"Invalid request\"")
                .contains("\"field\":\"/caption\"")
                .contains("\"instance\":\"/v1/posts\"");
    }
}

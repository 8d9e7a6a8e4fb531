package io.glint.api.analysis;

import static io.glint.api.fakes.Outcomes.done;
import static io.glint.api.fakes.Outcomes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.fakes.InMemoryAnalyses;
import io.glint.api.fakes.InMemoryPosts;
import io.glint.core.error.NotFoundException;
import io.glint.domain.analysis.Analysis;
import io.glint.domain.posts.Post;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who sees which analysis, with in-memory stores. */
class AnalysisServiceTest {
    private final InMemoryPosts posts = new InMemoryPosts();
    private final InMemoryAnalyses analyses = new InMemoryAnalyses();
    private final AnalysisService service = new AnalysisService(posts, analyses);

    @Test
    void theAnalysisOfAPostTheViewerMayNotSeeIsNotFound() {
        post("p1", "ana", Post.Status.BLOCKED);
        done(analyses.record(analysis("ana", "p1", Analysis.Verdict.BLOCKED)));

        assertThat(failure(service.ofPost("p1", "bo"))).isInstanceOf(NotFoundException.class);
        AnalysisService.PostAnalysis own = done(service.ofPost("p1", "ana"));
        assertThat(own.byAuthor()).isTrue();
        assertThat(own.analysis()).get().extracting(Analysis::verdict).isEqualTo(Analysis.Verdict.BLOCKED);
    }

    @Test
    void othersSeeAPublishedPostsAnalysisAsNotTheAuthor() {
        post("p1", "ana", Post.Status.PUBLISHED);
        done(analyses.record(analysis("ana", "p1", Analysis.Verdict.ACCEPTED)));

        assertThat(done(service.ofPost("p1", "bo")).byAuthor()).isFalse();
    }

    @Test
    void aPostNotAnalysedYetHasNoAnalysis() {
        post("p1", "ana", Post.Status.PROCESSING);

        assertThat(done(service.ofPost("p1", "ana")).analysis()).isEmpty();
    }

    @Test
    void theCallersAnalysesAreTheirsOnlyAndOfTheVerdictAskedFor() {
        done(analyses.record(analysis("ana", "a1", Analysis.Verdict.ACCEPTED)));
        done(analyses.record(analysis("ana", "a2", Analysis.Verdict.BLOCKED)));
        done(analyses.record(analysis("bo", "b1", Analysis.Verdict.BLOCKED)));

        assertThat(done(service.ofOwner("ana", Optional.of(Analysis.Verdict.BLOCKED), 10, null))
                        .results())
                .extracting(Analysis::objectKey)
                .containsExactly("uploads/ana/u-a2");
    }

    private void post(String postId, String authorId, Post.Status status) {
        posts.put(new Post(
                postId,
                authorId,
                "u-" + postId,
                "uploads/" + authorId + "/u-" + postId,
                "",
                status,
                "",
                0,
                0,
                Instant.EPOCH));
    }

    private static Analysis analysis(String owner, String postId, Analysis.Verdict verdict) {
        return new Analysis(
                "uploads/" + owner + "/u-" + postId,
                owner,
                verdict,
                verdict == Analysis.Verdict.ACCEPTED ? null : "Explicit Nudity",
                null,
                List.of(),
                List.of(),
                List.of(),
                10,
                Instant.EPOCH);
    }
}

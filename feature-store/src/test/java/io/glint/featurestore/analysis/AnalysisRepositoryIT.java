package io.glint.featurestore.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.error.InvalidException;
import io.glint.domain.analysis.Analysis;
import io.glint.domain.analysis.Analysis.Verdict;
import io.glint.domain.analysis.AnalysisRepository;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Analysis results on the local DynamoDB stand-in: written once per object, listed per owner newest first, by verdict. */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class AnalysisRepositoryIT {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    private AnalysisRepository repository;

    @BeforeEach
    void repository(TestStack stack) {
        repository = new DynamoAnalysisRepository(stack.clients().dynamoDb(), stack.names());
    }

    @Test
    void aResultIsStoredOnceAndASecondDeliveryChangesNothing() {
        String owner = owner();
        Analysis first = accepted(owner, "uploads/" + owner + "/a", T0);
        Analysis redelivered = new Analysis(
                first.objectKey(),
                owner,
                Verdict.BLOCKED,
                "blocked: Explicit Nudity",
                first.image(),
                List.of(),
                List.of(new Analysis.ModerationLabel("Explicit Nudity", "Explicit", 97.5)),
                List.of(),
                9,
                T0.plusSeconds(5));

        assertThat(repository.record(first).await()).isTrue();
        assertThat(repository.record(redelivered).await()).isFalse();

        assertThat(repository.find(first.objectKey()).await()).contains(first);
        assertThat(repository.find("uploads/" + owner + "/missing").await()).isEmpty();
    }

    @Test
    void anOwnersResultsArePagedNewestFirstAndFilteredByVerdict() {
        String owner = owner();
        List<Analysis> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant at = T0.plusSeconds(i);
            Analysis analysis = i % 2 == 0
                    ? accepted(owner, "uploads/" + owner + "/" + i, at)
                    : new Analysis(
                            "uploads/" + owner + "/" + i,
                            owner,
                            Verdict.REJECTED,
                            "rejected: not an image",
                            null,
                            List.of(),
                            List.of(),
                            List.of(),
                            3,
                            at);
            all.add(analysis);
            repository.record(analysis).await();
        }
        repository.record(accepted(owner(), "uploads/someone-else/x", T0)).await();

        List<Analysis> paged = new ArrayList<>();
        String cursor = null;
        do {
            AnalysisRepository.Page page =
                    repository.byOwner(owner, Optional.empty(), 2, cursor).await();
            assertThat(page.results()).hasSizeLessThanOrEqualTo(2);
            paged.addAll(page.results());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        assertThat(paged).containsExactly(all.get(4), all.get(3), all.get(2), all.get(1), all.get(0));

        assertThat(repository
                        .byOwner(owner, Optional.of(Verdict.REJECTED), 10, null)
                        .await()
                        .results())
                .containsExactly(all.get(3), all.get(1));
        assertThat(repository
                        .byOwner(owner, Optional.of(Verdict.BLOCKED), 10, null)
                        .await()
                        .results())
                .isEmpty();
    }

    @Test
    void aCursorOfAnotherListingIsRefused() {
        String owner = owner();
        for (int i = 0; i < 3; i++) {
            repository
                    .record(accepted(owner, "uploads/" + owner + "/" + i, T0.plusSeconds(i)))
                    .await();
        }
        String cursor = repository
                .byOwner(owner, Optional.empty(), 1, null)
                .await()
                .nextCursor()
                .orElseThrow();

        assertThatThrownBy(() ->
                        repository.byOwner(owner(), Optional.empty(), 1, cursor).await())
                .isInstanceOf(InvalidException.class);
        assertThatThrownBy(() -> repository
                        .byOwner(owner, Optional.of(Verdict.ACCEPTED), 1, cursor)
                        .await())
                .isInstanceOf(InvalidException.class);
        assertThatThrownBy(() -> repository
                        .byOwner(owner, Optional.empty(), 1, "not-a-cursor")
                        .await())
                .isInstanceOf(InvalidException.class);
    }

    private static String owner() {
        return "owner-" + UUID.randomUUID();
    }

    private static Analysis accepted(String owner, String objectKey, Instant at) {
        return new Analysis(
                objectKey,
                owner,
                Verdict.ACCEPTED,
                null,
                new Analysis.Image("jpeg", 1600, 1067, 1),
                List.of(new Analysis.Label("Dog", 98.2, List.of("Animal", "Pet"), List.of("Animals and Pets"))),
                List.of(),
                List.of(new Analysis.Face(0.1, 0.2, 0.3, 0.4, 99.0)),
                412,
                at);
    }
}

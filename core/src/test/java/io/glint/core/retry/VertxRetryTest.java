package io.glint.core.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.retry.VertxRetry.Step;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class VertxRetryTest {
    private final Backoff backoff = Backoff.exponential(Duration.ofMillis(5), Duration.ofMillis(20))
            .withMaxAttempts(4)
            .withRandom(FixedRandom.highest());

    @Test
    void eachAttemptGetsTheRemainderThePreviousOneLeft(Vertx vertx) {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> retries = new CopyOnWriteArrayList<>();

        List<Integer> done = new VertxRetry(vertx, backoff)
                .<List<Integer>, List<Integer>>run(
                        List.of(1, 2, 3, 4),
                        (batch, attempt) -> {
                            seen.add(attempt + ":" + batch);
                            // Each attempt processes the first item only: the rest is "unprocessed".
                            return Future.succeededFuture(
                                    batch.size() == 1
                                            ? Step.done(batch)
                                            : Step.retry(batch.subList(1, batch.size()), "throttled"));
                        },
                        (step, failedAttempt, delay) ->
                                retries.add(failedAttempt + ":" + step.reason() + ":" + delay.toMillis()),
                        (last, attempts) -> Future.failedFuture("exhausted"))
                .await();

        assertThat(done).containsExactly(4);
        assertThat(seen).containsExactly("1:[1, 2, 3, 4]", "2:[2, 3, 4]", "3:[3, 4]", "4:[4]");
        assertThat(retries).containsExactly("1:throttled:5", "2:throttled:10", "3:throttled:20");
    }

    @Test
    void whenTheAttemptsAreSpentTheGiveUpDecidesTheOutcome(Vertx vertx) {
        List<Integer> attempts = new ArrayList<>();

        String outcome = new VertxRetry(vertx, backoff)
                .<String, String>run(
                        "everything",
                        (input, attempt) -> {
                            attempts.add(attempt);
                            return Future.succeededFuture(Step.retry(input, "still throttled"));
                        },
                        (last, made) -> Future.succeededFuture(
                                "dropped " + last.remainder() + " after " + made + ": " + last.reason()))
                .await();

        assertThat(outcome).isEqualTo("dropped everything after 4: still throttled");
        assertThat(attempts).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aFailedAttemptFailsTheCallWithoutRetrying(Vertx vertx) {
        List<Integer> attempts = new ArrayList<>();

        Future<String> call = new VertxRetry(vertx, backoff)
                .<String, String>run(
                        "x",
                        (input, attempt) -> {
                            attempts.add(attempt);
                            return Future.failedFuture(new IllegalStateException("no such table"));
                        },
                        (last, made) -> Future.succeededFuture("unexpected"));

        Throwable failure =
                call.transform(result -> Future.succeededFuture(result.cause())).await();
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("no such table");
        assertThat(attempts).containsExactly(1);
    }

    @Test
    void theRetriesRunOnTheCallersContext(Vertx vertx) {
        Context context = vertx.getOrCreateContext();
        List<Boolean> onContext = new CopyOnWriteArrayList<>();

        Future<Void> call = Future.<Void>future(promise -> context.runOnContext(v -> new VertxRetry(vertx, backoff)
                .<Integer, Void>run(
                        0,
                        (input, attempt) -> {
                            onContext.add(Vertx.currentContext() == context);
                            return Future.succeededFuture(attempt < 3 ? Step.retry(input, "again") : Step.done(null));
                        },
                        (last, made) -> Future.succeededFuture())
                .onComplete(promise)));
        call.await();

        assertThat(onContext).containsExactly(true, true, true);
    }
}

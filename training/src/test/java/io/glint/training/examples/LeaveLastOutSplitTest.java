package io.glint.training.examples;

import static io.glint.training.TestData.dataset;
import static io.glint.training.TestData.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.glint.events.EventType;
import io.glint.training.data.Dataset;
import io.glint.training.examples.LeaveLastOutSplit.Holdout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaveLastOutSplitTest {
    // u1: four positive interactions (a, b, c, d), the view of d a minute before its like, then a later view of e.
    // u2: two positives only: never evaluated. u3: views only.
    private final Dataset data = dataset(
            """
            u1 a view 1
            u1 a like 1
            u1 b like 2
            u2 a like 3
            u1 c view 4
            u1 c like 4
            u2 b like 5
            u1 d view 6
            u3 d view 6
            u1 d like 7
            u1 e view 8
            u3 a view 9
            """);

    @Test
    void holdsOutEachUsersLastPositiveFromItsFirstEngagementOn() {
        LeaveLastOutSplit split = LeaveLastOutSplit.of(data, 100, 1);

        int anchor = event(data, "u1", "d", EventType.VIEW);
        assertThat(split.tests()).containsExactly(new Holdout(data.user(anchor), data.itemIndex("d"), anchor));
        List<Integer> heldOut = new ArrayList<>();
        for (int k = 0; k < data.size(); k++) {
            if (split.isHeldOut(k)) {
                heldOut.add(k);
            }
        }
        // The view that starts the test interaction, its like and the user's later view; nothing of anyone else.
        assertThat(heldOut)
                .containsExactly(
                        anchor, event(data, "u1", "d", EventType.LIKE), event(data, "u1", "e", EventType.VIEW));
        assertThat(split.positivePairs()).isEqualTo(6);
    }

    @Test
    void noTestEventReachesTheTrainingReplay() {
        LeaveLastOutSplit split = LeaveLastOutSplit.of(data, 100, 1);
        List<Integer> applied = new ArrayList<>();
        FeatureReplay replay = new FeatureReplay(data);
        replay.run(
                split.heldOut(),
                split.tests().stream().mapToInt(Holdout::anchor).toArray(),
                new FeatureReplay.Listener() {
                    @Override
                    public void before(int event, FeatureReplay state) {
                        // At the test moment the user has not touched the test item.
                        assertThat(state.interacted(data.user(event), data.item(event)))
                                .isFalse();
                    }

                    @Override
                    public void engaged(int event, FeatureReplay state, boolean firstTime) {
                        applied.add(event);
                    }
                },
                null);

        for (Holdout test : split.tests()) {
            for (int k = test.anchor(); k < data.size(); k++) {
                if (data.user(k) == test.user()) {
                    assertThat(applied).doesNotContain(k);
                }
            }
        }
        assertThat(replay.appliedEvents()).isEqualTo(data.size() - 3);
    }

    @Test
    void theValidationInteractionIsTheLastTrainingPositiveAndBuildsNoTrainingExample() {
        LeaveLastOutSplit split = LeaveLastOutSplit.of(data, 100, 1);

        int validationAnchor = event(data, "u1", "c", EventType.VIEW);
        assertThat(split.validations())
                .containsExactly(new Holdout(data.user(validationAnchor), data.itemIndex("c"), validationAnchor));
        assertThat(split.isHeldOut(validationAnchor)).isFalse();
        // Training positives: u1's a and b, u2's a and b, at their anchors (u1's a starts with its view).
        assertThat(split.trainingAnchors())
                .containsExactly(
                        event(data, "u1", "a", EventType.VIEW),
                        event(data, "u1", "b", EventType.LIKE),
                        event(data, "u2", "a", EventType.LIKE),
                        event(data, "u2", "b", EventType.LIKE));
    }

    @Test
    void usersWithFewerThanThreePositivesAreNotEvaluated() {
        LeaveLastOutSplit split = LeaveLastOutSplit.of(data, 100, 1);

        assertThat(split.tests()).extracting(Holdout::user).containsExactly(data.user(0));
        assertThat(split.everEngaged(data.user(event(data, "u3", "a", EventType.VIEW)), data.itemIndex("a")))
                .isTrue();
    }

    @Test
    void validationUsersAreCappedBySeed() {
        LeaveLastOutSplit split = LeaveLastOutSplit.of(data, 0, 1);

        assertThat(split.validations()).isEmpty();
        assertThat(split.trainingAnchors()).hasSize(5);
    }

    @Test
    void aLikeTakenBackIsNotAPositiveButALikeAfterTheUnlikeIs() {
        Dataset undone = dataset(
                """
                u1 a view 1
                u1 a like 2
                u1 a unlike 3
                u1 b like 4
                u1 b unlike 5
                u1 b like 6
                u1 c comment 7
                u1 c unlike 8
                """);

        LeaveLastOutSplit split = LeaveLastOutSplit.of(undone, 100, 1);

        // a: liked, then taken back. b: liked again after the unlike (anchored at its first engagement). c: a comment
        // stays a positive whatever happens to a like.
        assertThat(split.positivePairs()).isEqualTo(2);
        assertThat(split.tests()).isEmpty();
        assertThat(split.trainingAnchors())
                .containsExactly(event(undone, "u1", "b", EventType.LIKE), event(undone, "u1", "c", EventType.COMMENT));
    }
}

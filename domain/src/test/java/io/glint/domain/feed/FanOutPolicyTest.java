package io.glint.domain.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a post is pushed to followers and when followers pull it. */
class FanOutPolicyTest {
    private final FanOutPolicy policy = new FanOutPolicy(new FeedConfig(1_000, Duration.ofDays(30), 20, 100));

    @Test
    void anAuthorBelowTheThresholdIsPushed() {
        assertThat(policy.delivery(0, false)).isEqualTo(FanOutPolicy.Delivery.PUSH);
        assertThat(policy.delivery(999, false)).isEqualTo(FanOutPolicy.Delivery.PUSH);
    }

    @Test
    void anAuthorReachingTheThresholdSwitchesToPull() {
        assertThat(policy.delivery(1_000, false)).isEqualTo(FanOutPolicy.Delivery.SWITCH_TO_PULL);
    }

    @Test
    void aPulledAuthorStaysPulledWhateverTheirFollowerCount() {
        assertThat(policy.delivery(1_000_000, true)).isEqualTo(FanOutPolicy.Delivery.PULL);
        assertThat(policy.delivery(3, true)).isEqualTo(FanOutPolicy.Delivery.PULL);
    }

    @Test
    void aNewFollowerOfAPushedAuthorGetsTheirRecentPostsAndOfAPulledOneNothing() {
        assertThat(policy.backfill(false)).isEqualTo(20);
        assertThat(policy.backfill(true)).isZero();
    }
}

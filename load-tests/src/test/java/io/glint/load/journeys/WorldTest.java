package io.glint.load.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorldTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void anAccountIsRenewedInTheLastQuarterOfItsTokensLifeAtMostTwoMinutesBefore() {
        World.Account short_ = new World.Account("u_1", "ann", "a1", "r1", 40, T0);
        assertThat(short_.claimRenewal(T0 + 29_000)).isFalse();
        assertThat(short_.claimRenewal(T0 + 30_000)).isTrue();

        World.Account long_ = new World.Account("u_2", "bo", "a1", "r1", 900, T0);
        assertThat(long_.claimRenewal(T0 + 779_000)).isFalse();
        assertThat(long_.claimRenewal(T0 + 780_000)).isTrue();
    }

    @Test
    void oneSessionRenewsAtATimeAndTheRenewedTokensAreFedFromThen() {
        World.Account account = new World.Account("u_1", "ann", "a1", "r1", 40, T0);
        long late = T0 + 35_000;

        assertThat(account.claimRenewal(late)).isTrue();
        assertThat(account.claimRenewal(late)).as("another session meanwhile").isFalse();
        assertThat(account.feed()).containsEntry("accessToken", "a1");

        account.renewed("a2", "r2", 40, late);

        assertThat(account.feed()).containsEntry("accessToken", "a2").containsEntry("userId", "u_1");
        assertThat(account.refreshToken()).isEqualTo("r2");
        assertThat(account.claimRenewal(late + 1_000)).isFalse();
        assertThat(account.claimRenewal(late + 30_000)).isTrue();
    }

    @Test
    void aFailedRenewalLetsTheNextSessionTry() {
        World.Account account = new World.Account("u_1", "ann", "a1", "r1", 40, T0);
        assertThat(account.claimRenewal(T0 + 35_000)).isTrue();

        account.notRenewed();

        assertThat(account.claimRenewal(T0 + 36_000)).isTrue();
        assertThat(account.accessToken()).isEqualTo("a1");
    }
}

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
    void theFeedersGoOnForeverAndHandTheAccountsOutInTurn() {
        World world = new World();
        java.util.Iterator<java.util.Map<String, Object>> usernames = world.usernames();
        assertThat(usernames.next().get("username"))
                .isNotEqualTo(usernames.next().get("username"));
        assertThat(usernames.hasNext()).isTrue();
        java.util.Iterator<java.util.Map<String, Object>> accounts = world.accounts();
        org.assertj.core.api.Assertions.assertThatThrownBy(accounts::next)
                .isInstanceOf(java.util.NoSuchElementException.class)
                .hasMessageContaining("setup phase failed");

        world.addAccount("u_1", "ann", "a1", "r1", 900);
        world.addAccount("u_2", "bo", "a2", "r2", 900);

        assertThat(java.util.stream.Stream.generate(accounts::next).limit(4).map(account -> account.get("userId")))
                .containsExactly("u_1", "u_2", "u_1", "u_2");
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

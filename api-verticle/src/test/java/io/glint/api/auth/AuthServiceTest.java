package io.glint.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.api.fakes.InMemoryRefreshTokens;
import io.glint.api.fakes.InMemoryUsers;
import io.glint.core.error.ConflictException;
import io.glint.core.error.UnauthorizedException;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accounts' rules, with in-memory stores and real hashing and signing. */
class AuthServiceTest {
    @TempDir
    Path home;

    private Vertx vertx;
    private WorkerExecutor hashing;
    private final InMemoryUsers users = new InMemoryUsers();
    private final InMemoryRefreshTokens refreshTokens = new InMemoryRefreshTokens();
    private AuthService service;

    @BeforeEach
    void wire() {
        vertx = Vertx.vertx();
        hashing = vertx.createSharedWorkerExecutor("test-hashing", 2);
        AuthConfig config = new AuthConfig(
                "glint-test", Duration.ofMinutes(15), Duration.ofDays(1), JwtKeys.localKeyPair(home), 1000);
        TokenService tokens = new TokenService(vertx, config, refreshTokens, Clock.systemUTC());
        service = new AuthService(users, tokens, new PasswordHasher(1000), hashing, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        hashing.close().await();
        vertx.close().await();
    }

    @Test
    void aNewAccountCanLogInAndBothGetTokensForIt() {
        TokenService.Tokens signedUp =
                service.signup("ana", "correct horse", null).await();
        TokenService.Tokens loggedIn = service.login("ana", "correct horse").await();

        assertThat(loggedIn.userId()).isEqualTo(signedUp.userId());
        assertThat(loggedIn.accessToken()).isNotBlank().isNotEqualTo(signedUp.accessToken());
        assertThat(users.users.get(signedUp.userId()).displayName()).isEqualTo("ana");
        assertThat(users.users.get(signedUp.userId()).passwordHash()).doesNotContain("correct horse");
    }

    @Test
    void aTakenUsernameConflicts() {
        service.signup("ana", "correct horse", null).await();

        assertThatThrownBy(() -> service.signup("ana", "other password", null).await())
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void aWrongPasswordAndAnUnknownUsernameFailAlike() {
        service.signup("ana", "correct horse", null).await();

        assertThatThrownBy(() -> service.login("ana", "wrong horse").await())
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("invalid username or password");
        assertThatThrownBy(() -> service.login("nobody", "correct horse").await())
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("invalid username or password");
    }

    @Test
    void aRefreshTokenWorksOnceAndNotAfterLogout() {
        TokenService.Tokens first = service.signup("ana", "correct horse", null).await();

        TokenService.Tokens second = service.refresh(first.refreshToken()).await();
        assertThatThrownBy(() -> service.refresh(first.refreshToken()).await())
                .isInstanceOf(UnauthorizedException.class);

        service.logout(second.refreshToken()).await();
        service.logout(second.refreshToken()).await();
        assertThatThrownBy(() -> service.refresh(second.refreshToken()).await())
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void aRefreshForAnAccountDeletedMeanwhileIsRefused() {
        TokenService.Tokens first = service.signup("ana", "correct horse", null).await();
        users.users.clear();

        assertThatThrownBy(() -> service.refresh(first.refreshToken()).await())
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("no longer exists");
    }

    @Test
    void refreshTokenReuseRevokesTheFamily() {
        TokenService.Tokens first = service.signup("ana", "correct horse", null).await();
        TokenService.Tokens second = service.refresh(first.refreshToken()).await();
        TokenService.Tokens otherLogin = service.login("ana", "correct horse").await();

        // Someone replays the first token (stolen): the login it belongs to ends, for the thief and the holder alike.
        assertThatThrownBy(() -> service.refresh(first.refreshToken()).await())
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("used before");
        assertThatThrownBy(() -> service.refresh(second.refreshToken()).await())
                .isInstanceOf(UnauthorizedException.class);
        // Another login of the same account is not touched.
        assertThat(service.refresh(otherLogin.refreshToken()).await().userId()).isEqualTo(first.userId());
    }

    @Test
    void logoutEndsTheWholeLoginNotJustTheTokenPresented() {
        TokenService.Tokens first = service.signup("ana", "correct horse", null).await();
        TokenService.Tokens second = service.refresh(first.refreshToken()).await();
        TokenService.Tokens third = service.refresh(second.refreshToken()).await();

        service.logout(second.refreshToken()).await();

        assertThatThrownBy(() -> service.refresh(third.refreshToken()).await())
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void logoutAllEndsEverySessionOfTheAccountButNotTheNextLogin() throws Exception {
        TokenService.Tokens phone = service.signup("ana", "correct horse", null).await();
        TokenService.Tokens laptop = service.login("ana", "correct horse").await();
        TokenService.Tokens bos = service.signup("bo", "other horse", null).await();
        Thread.sleep(2); // Token times are to the millisecond: what logout-all revokes was issued before it.

        service.logoutAll(phone.userId()).await();

        assertThatThrownBy(() -> service.refresh(phone.refreshToken()).await())
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> service.refresh(laptop.refreshToken()).await())
                .isInstanceOf(UnauthorizedException.class);
        Thread.sleep(2);
        TokenService.Tokens again = service.login("ana", "correct horse").await();
        assertThat(service.refresh(again.refreshToken()).await().userId()).isEqualTo(phone.userId());
        assertThat(service.refresh(bos.refreshToken()).await().userId()).isEqualTo(bos.userId());
    }
}

package io.glint.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void aHashVerifiesItsPasswordAndNoOther() {
        String hash = hasher.hash("correct horse battery".toCharArray());

        assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct");
        assertThat(hasher.verify("correct horse battery".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("correct horse batterY".toCharArray(), hash)).isFalse();
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertThat(hasher.hash("same password".toCharArray())).isNotEqualTo(hasher.hash("same password".toCharArray()));
    }

    @Test
    void aHashKeepsTheIterationCountItWasMadeWith() {
        String old = new PasswordHasher(2_000).hash("kept working".toCharArray());

        assertThat(hasher.verify("kept working".toCharArray(), old)).isTrue();
    }

    @Test
    void aMalformedStoredHashNeverVerifies() {
        assertThat(hasher.verify("anything".toCharArray(), "plain-text-password"))
                .isFalse();
        assertThat(hasher.verify("anything".toCharArray(), "md5$1$abc$def")).isFalse();
    }

    @Test
    void localKeysAreGeneratedOnceOwnerOnlyAndReused(@TempDir Path home) throws Exception {
        JwtKeys first = JwtKeys.localKeyPair(home);
        JwtKeys second = JwtKeys.localKeyPair(home);

        assertThat(second).isEqualTo(first);
        assertThat(first.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(first.toString()).doesNotContain("BEGIN PRIVATE KEY");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("jwt-es256-private.pem"))))
                .isEqualTo("rw-------");
    }

    @Test
    void malformedConfiguredKeysStopTheProcessNamingTheVariable() {
        assertThatThrownBy(() -> JwtKeys.fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "x"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("GLINT_JWT_PRIVATE_KEY is not a PKCS#8 PEM EC private key");
    }
}

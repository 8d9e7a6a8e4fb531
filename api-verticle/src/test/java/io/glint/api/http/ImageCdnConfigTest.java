package io.glint.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Verifies how the CloudFront image settings are read and refused. */
class ImageCdnConfigTest {
    private static KeyPair keys;
    private static String privatePem;

    @BeforeAll
    static void makeKeys() {
        keys = TestKeys.rsa(2048);
        privatePem = TestKeys.pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    private static Map<String, String> all() {
        Map<String, String> variables = new HashMap<>();
        variables.put(ImageCdnConfig.DOMAIN, "glint.example.com");
        variables.put(ImageCdnConfig.KEY_PAIR_ID, "K2JCJMDEHXQW5F");
        variables.put(ImageCdnConfig.PRIVATE_KEY, privatePem);
        return variables;
    }

    private static Env env(Map<String, String> variables) {
        return Env.of(variables, RunMode.AWS);
    }

    @Test
    void noneSetMeansPresignedS3InEveryMode() {
        assertThat(ImageCdnConfig.from(Env.of(Map.of(), RunMode.LOCAL))).isEmpty();
        assertThat(ImageCdnConfig.from(Env.of(Map.of(), RunMode.AWS))).isEmpty();
    }

    @Test
    void allThreeSetAreReadAndTheKeyIsParsedOnce() {
        ImageCdnConfig cdn = ImageCdnConfig.from(env(all())).orElseThrow();

        assertThat(cdn.domain()).isEqualTo("glint.example.com");
        assertThat(cdn.keyPairId()).isEqualTo("K2JCJMDEHXQW5F");
        assertThat(cdn.privateKey().getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(cdn.toString()).doesNotContain(privatePem.substring(40, 80)).contains("****");
    }

    @Test
    void onlySomeSetIsRefusedNamingTheMissingOnes() {
        Map<String, String> variables = all();
        variables.remove(ImageCdnConfig.PRIVATE_KEY);
        assertThatThrownBy(() -> ImageCdnConfig.from(env(variables)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("together")
                .hasMessageEndingWith(ImageCdnConfig.PRIVATE_KEY + " is not set");

        Map<String, String> domainOnly = Map.of(ImageCdnConfig.DOMAIN, "glint.example.com");
        assertThatThrownBy(() -> ImageCdnConfig.from(env(domainOnly)))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith(ImageCdnConfig.KEY_PAIR_ID + ", " + ImageCdnConfig.PRIVATE_KEY + " are not set");
    }

    @Test
    void aDomainWithSchemeOrPathIsRefused() {
        for (String bad :
                new String[] {"https://glint.example.com", "glint.example.com/images", "Glint.Example.com", "localhost"
                }) {
            Map<String, String> variables = all();
            variables.put(ImageCdnConfig.DOMAIN, bad);
            assertThatThrownBy(() -> ImageCdnConfig.from(env(variables)))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(ImageCdnConfig.DOMAIN + " must be a lower-case host name");
        }
    }

    @Test
    void aMalformedKeyPairIdIsRefused() {
        Map<String, String> variables = all();
        variables.put(ImageCdnConfig.KEY_PAIR_ID, "k2jcjm dehx");
        assertThatThrownBy(() -> ImageCdnConfig.from(env(variables)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(ImageCdnConfig.KEY_PAIR_ID + " must be a CloudFront public key id");
    }

    @Test
    void aKeyThatIsNotPkcs8Rsa2048IsRefusedWithoutShowingIt() {
        Map<String, String> cases = Map.of(
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----\n",
                "is a PKCS#1 key",
                "not a key at all",
                "is not a PKCS#8 PEM private key",
                "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n",
                "is not a PKCS#8 PEM RSA private key",
                TestKeys.pem("PRIVATE KEY", TestKeys.ec().getPrivate().getEncoded()),
                "is not a PKCS#8 PEM RSA private key",
                TestKeys.pem("PRIVATE KEY", TestKeys.rsa(1024).getPrivate().getEncoded()),
                "is an RSA key of 1024 bits");
        cases.forEach((pem, message) -> {
            Map<String, String> variables = all();
            variables.put(ImageCdnConfig.PRIVATE_KEY, pem);
            assertThatThrownBy(() -> ImageCdnConfig.from(env(variables)))
                    .as(message)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(ImageCdnConfig.PRIVATE_KEY + " " + message)
                    .hasMessageNotContaining(pem.lines().skip(1).findFirst().orElse(pem));
        });
    }
}

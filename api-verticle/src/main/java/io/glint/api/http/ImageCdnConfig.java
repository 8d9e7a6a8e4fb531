package io.glint.api.http;

import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Images through CloudFront: when configured, the API hands out CloudFront signed URLs of the distribution that serves
 * the uploads bucket instead of presigned S3 URLs ({@link ImageUrls}). Either all three variables are set or none
 * (then images stay presigned S3 GETs, as in every local run).
 *
 * @param domain the distribution's domain, the host of every image URL ({@code GLINT_IMAGES_CDN_DOMAIN}, e.g. {@code
 *     glint.example.com}: no scheme, no path)
 * @param keyPairId the id of the CloudFront public key in the distribution's trusted key group ({@code
 *     GLINT_IMAGES_CDN_KEY_PAIR_ID}, e.g. {@code K2JCJMDEHXQW5F})
 * @param privateKey the matching RSA 2048 private key, parsed once at start ({@code GLINT_IMAGES_CDN_PRIVATE_KEY}, a
 *     PKCS#8 PEM; on AWS filled from Secrets Manager, never a plain variable)
 */
public record ImageCdnConfig(String domain, String keyPairId, PrivateKey privateKey) {
    public static final String DOMAIN = "GLINT_IMAGES_CDN_DOMAIN";
    public static final String KEY_PAIR_ID = "GLINT_IMAGES_CDN_KEY_PAIR_ID";
    public static final String PRIVATE_KEY = "GLINT_IMAGES_CDN_PRIVATE_KEY";

    /** A DNS name in lower case: CloudFront's own ({@code d111111abcdef8.cloudfront.net}) or an alias. */
    private static final Pattern HOST_NAME =
            Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$");
    /** CloudFront public key ids are upper-case letters and digits. */
    private static final Pattern KEY_ID = Pattern.compile("^[A-Z0-9]{8,64}$");
    /** CloudFront accepts 2048-bit RSA public keys only. */
    private static final int KEY_BITS = 2048;

    public ImageCdnConfig {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(keyPairId, "keyPairId");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public String toString() {
        return "ImageCdnConfig[domain " + domain + ", key pair " + keyPairId + ", private key ****]";
    }

    /**
     * Reads the three variables (always all three, so that a missing one is named).
     *
     * @return empty when none is set
     * @throws ConfigException when only some are set, the domain is not a host name, the key pair id is malformed, or
     *     the private key is not a PKCS#8 PEM RSA 2048 key
     */
    public static Optional<ImageCdnConfig> from(Env env) {
        Optional<String> domain = env.find(DOMAIN);
        Optional<String> keyPairId = env.find(KEY_PAIR_ID);
        Optional<String> privateKey = env.find(PRIVATE_KEY);
        List<String> missing = new ArrayList<>();
        domain.ifPresentOrElse(v -> {}, () -> missing.add(DOMAIN));
        keyPairId.ifPresentOrElse(v -> {}, () -> missing.add(KEY_PAIR_ID));
        privateKey.ifPresentOrElse(v -> {}, () -> missing.add(PRIVATE_KEY));
        if (missing.size() == 3) {
            return Optional.empty();
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("Images through CloudFront need " + DOMAIN + ", " + KEY_PAIR_ID + " and "
                    + PRIVATE_KEY + " together (or none of them for presigned S3 URLs), but "
                    + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " not set");
        }
        String host = domain.orElseThrow();
        if (!HOST_NAME.matcher(host).matches()) {
            throw new ConfigException(
                    DOMAIN + " must be a lower-case host name such as glint.example.com (no scheme, port or path), but"
                            + " is '" + host + "'");
        }
        String id = keyPairId.orElseThrow();
        if (!KEY_ID.matcher(id).matches()) {
            throw new ConfigException(KEY_PAIR_ID
                    + " must be a CloudFront public key id (upper-case letters and digits, e.g. K2JCJMDEHXQW5F), but is '"
                    + id + "'");
        }
        return Optional.of(new ImageCdnConfig(host, id, parsePrivateKey(privateKey.orElseThrow())));
    }

    /**
     * Parses a PKCS#8 PEM RSA private key of 2048 bits.
     *
     * @throws ConfigException naming {@link #PRIVATE_KEY} and what is wrong with it (never its content)
     */
    static PrivateKey parsePrivateKey(String pem) {
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new ConfigException(PRIVATE_KEY + " is a PKCS#1 key (BEGIN RSA PRIVATE KEY); convert it to PKCS#8"
                    + " with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new ConfigException(PRIVATE_KEY + " is not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        PrivateKey key;
        try {
            String base64 =
                    pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException(PRIVATE_KEY + " is not a PKCS#8 PEM RSA private key");
        }
        BigInteger modulus = ((RSAPrivateKey) key).getModulus();
        if (modulus.bitLength() != KEY_BITS) {
            throw new ConfigException(PRIVATE_KEY + " is an RSA key of " + modulus.bitLength()
                    + " bits, but CloudFront public keys are RSA " + KEY_BITS);
        }
        return key;
    }
}

package io.glint.api.auth;

import io.glint.core.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The ES256 (P-256) key pair that signs and verifies access tokens, as PEM: PKCS#8 private key, X.509 public key.
 *
 * @param privateKeyPem signs
 * @param publicKeyPem verifies
 */
public record JwtKeys(String privateKeyPem, String publicKeyPem) {
    private static final String PRIVATE_FILE = "jwt-es256-private.pem";
    private static final String PUBLIC_FILE = "jwt-es256-public.pem";

    @Override
    public String toString() {
        return "JwtKeys[private ****, public " + publicKeyPem.length() + " chars]";
    }

    /**
     * Keys given as configuration; both are parsed now, so a malformed key stops the process at start.
     *
     * @throws ConfigException naming the variable whose key is not a valid EC key
     */
    public static JwtKeys fromPem(String privateKeyPem, String publicKeyPem) {
        try {
            KeyFactory ec = KeyFactory.getInstance("EC");
            ec.generatePrivate(new PKCS8EncodedKeySpec(der(privateKeyPem)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException(AuthConfig.PRIVATE_KEY + " is not a PKCS#8 PEM EC private key");
        }
        try {
            KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der(publicKeyPem)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException(AuthConfig.PUBLIC_KEY + " is not an X.509 PEM EC public key");
        }
        return new JwtKeys(privateKeyPem, publicKeyPem);
    }

    /**
     * The local key pair in {@code directory}, generated on first use (owner-only permissions). Never committed: it
     * lives in the user's Glint home, outside the repository.
     */
    public static JwtKeys localKeyPair(Path directory) {
        Path privateFile = directory.resolve(PRIVATE_FILE);
        Path publicFile = directory.resolve(PUBLIC_FILE);
        try {
            if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
                Files.createDirectories(directory);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = generator.generateKeyPair();
                writeOwnerOnly(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                writeOwnerOnly(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
            return fromPem(Files.readString(privateFile), Files.readString(publicFile));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create or read the local JWT keys in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot generate P-256 keys", e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "key", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the user's home directory protects it.
        }
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        try {
            Files.move(temp, file);
        } catch (FileAlreadyExistsException e) {
            // Another process created it first: keep theirs, so both use one key pair.
            Files.deleteIfExists(temp);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}

package io.glint.cloudformation;

import io.glint.api.ApiRoleConfig;
import io.glint.cloudformation.ConfigCatalogue.Role;
import io.glint.core.aws.AwsConfig;
import io.glint.core.config.Env;
import io.glint.core.config.ResourceNames;
import io.glint.core.config.RunMode;
import io.glint.core.vertx.VertxSettings;
import io.glint.modelserver.ModelServerConfig;
import io.glint.streams.analysis.AnalysisWorkerConfig;
import io.glint.streams.interactions.InteractionsWorkerConfig;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What each role's code reads from the environment in AWS mode, learned by running its configuration records against
 * an environment that records every name asked for. The records are the ones each command reads before it starts:
 * {@code Main.role} with {@code GlintProcess} (Vert.x, AWS, resource names, then the role's own record), {@code
 * ModelServerRole} (AWS, the model server's record, the models bucket, Vert.x) and the training job's {@code
 * Stores.open} (resource names, AWS).
 */
final class RoleReads {
    private static final Map<Role, Consumer<Env>> READS = Map.of(
            Role.API,
            env -> {
                VertxSettings.from(env);
                AwsConfig.from(env);
                ResourceNames.from(env);
                ApiRoleConfig.from(env);
            },
            Role.STREAM_WORKERS,
            env -> {
                VertxSettings.from(env);
                AwsConfig.from(env);
                ResourceNames.from(env);
                InteractionsWorkerConfig.from(env);
            },
            Role.ANALYSIS_WORKERS,
            env -> {
                VertxSettings.from(env);
                AwsConfig.from(env);
                ResourceNames.from(env);
                AnalysisWorkerConfig.from(env);
            },
            Role.MODEL_SERVER,
            env -> {
                AwsConfig.from(env);
                ModelServerConfig.from(env);
                // ModelServerRole reads the bucket itself (required on AWS when no model is baked into the image).
                env.requiredOnAws(ResourceNames.MODELS_BUCKET, "glint-models");
                VertxSettings.from(env);
            },
            Role.TRAIN,
            env -> {
                ResourceNames.from(env);
                AwsConfig.from(env);
            });

    private RoleReads() {}

    /**
     * The names the role reads, given the values an AWS deployment must supply (region, resource names, the JWT key
     * pair); every other variable is left unset, so each record falls back to its default after asking.
     */
    static Set<String> names(Role role) {
        Set<String> asked = new TreeSet<>();
        Map<String, String> values = requiredValues();
        Env recording = Env.lookup(
                name -> {
                    asked.add(name);
                    return values.get(name);
                },
                RunMode.AWS);
        READS.get(role).accept(recording);
        return asked;
    }

    private static Map<String, String> requiredValues() {
        Map<String, String> values = new HashMap<>();
        values.put(AwsConfig.REGION, "eu-west-1");
        values.put(ResourceNames.TABLE_PREFIX, "glint-");
        values.put(ResourceNames.INTERACTIONS_STREAM, "glint-interactions");
        values.put(ResourceNames.UPLOADS_BUCKET, "glint-uploads-123456789012-eu-west-1");
        values.put(ResourceNames.UPLOADS_QUEUE, "glint-uploads");
        values.put(ResourceNames.UPLOADS_DLQ, "glint-uploads-dlq");
        values.put(ResourceNames.ARCHIVE_BUCKET, "glint-archive-123456789012-eu-west-1");
        values.put(ResourceNames.MODELS_BUCKET, "glint-models-123456789012-eu-west-1");
        KeyPair keys = ecKeyPair();
        values.put(
                io.glint.api.auth.AuthConfig.PRIVATE_KEY,
                pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        values.put(
                io.glint.api.auth.AuthConfig.PUBLIC_KEY,
                pem("PUBLIC KEY", keys.getPublic().getEncoded()));
        return values;
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | java.security.InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("this JVM cannot make a P-256 key pair", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

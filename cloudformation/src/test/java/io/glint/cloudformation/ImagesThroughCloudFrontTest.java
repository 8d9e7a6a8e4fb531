package io.glint.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.api.http.ImageCdnConfig;
import io.glint.core.aws.Infrastructure;
import io.glint.core.config.Env;
import io.glint.core.config.RunMode;
import io.glint.streams.analysis.UploadAnalysisHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Verifies that the stacks serve images through CloudFront as the API signs them: the edge stack's image behaviours
 * cover exactly the prefixes images are stored under, only with a trusted key group, from the uploads bucket; the data
 * stack lets that distribution read exactly those prefixes; the API's container gets the three settings, and values
 * the compute stack's parameters accept are values the API accepts.
 */
class ImagesThroughCloudFrontTest {
    /** Where images are: the uploads (avatars, originals) and the analysis worker's renditions. */
    private static final Set<String> IMAGE_PREFIXES =
            Set.of(Infrastructure.UPLOADS_PREFIX, UploadAnalysisHandler.RENDITIONS_PREFIX);

    @Test
    void theEdgeServesExactlyTheImagePrefixesFromTheUploadsBucketOnlyWhenSigned() {
        JsonNode config = Template.load("edge.yaml")
                .resource("Distribution")
                .path("Properties")
                .path("DistributionConfig");
        JsonNode imagesOrigin = null;
        for (JsonNode origin : config.path("Origins")) {
            if (origin.path("Id").asText().equals("images")) {
                imagesOrigin = origin;
            }
        }
        assertThat(imagesOrigin).as("an origin named images").isNotNull();
        assertThat(imagesOrigin
                        .path("DomainName")
                        .path("Fn::ImportValue")
                        .path("Fn::Sub")
                        .asText())
                .isEqualTo("${DataStack}-UploadsBucketRegionalDomainName");
        assertThat(imagesOrigin.path("OriginAccessControlId").isMissingNode()).isFalse();

        Set<String> patterns = new TreeSet<>();
        for (JsonNode behaviour : config.path("CacheBehaviors")) {
            if (!behaviour.path("TargetOriginId").asText().equals("images")) {
                continue;
            }
            patterns.add(behaviour.path("PathPattern").asText());
            assertThat(behaviour.path("TrustedKeyGroups").toString())
                    .as("%s trusts the key group", behaviour.path("PathPattern"))
                    .isEqualTo("[{\"Ref\":\"ImagesKeyGroup\"}]");
            assertThat(behaviour.path("AllowedMethods").toString()).isEqualTo("[\"GET\",\"HEAD\"]");
        }
        assertThat(patterns)
                .containsExactlyInAnyOrderElementsOf(IMAGE_PREFIXES.stream()
                        .map(prefix -> "/" + prefix + "*")
                        .toList());
    }

    @Test
    void theUploadsBucketLetsOnlyThatDistributionReadOnlyTheImagePrefixes() {
        JsonNode statements = Template.load("data.yaml")
                .resource("UploadsBucketPolicy")
                .path("Properties")
                .path("PolicyDocument")
                .path("Statement");
        JsonNode grant = null;
        for (JsonNode statement : statements) {
            JsonNode candidate =
                    statement.has("Fn::If") ? statement.path("Fn::If").path(1) : statement;
            if (candidate.path("Principal").path("Service").asText().equals("cloudfront.amazonaws.com")) {
                assertThat(statement.path("Fn::If").path(0).asText()).isEqualTo("ServesImagesThroughCloudFront");
                grant = candidate;
            }
        }
        assertThat(grant).as("a statement for CloudFront").isNotNull();
        assertThat(grant.path("Action").asText()).isEqualTo("s3:GetObject");
        List<String> suffixes = new ArrayList<>();
        grant.path("Resource")
                .forEach(resource ->
                        suffixes.add(resource.path("Fn::Join").path(1).path(1).asText()));
        assertThat(suffixes)
                .containsExactlyInAnyOrderElementsOf(IMAGE_PREFIXES.stream()
                        .map(prefix -> "/" + prefix + "*")
                        .toList());
        assertThat(grant.path("Condition")
                        .path("StringEquals")
                        .path("aws:SourceArn")
                        .path("Fn::Sub")
                        .asText())
                .endsWith(":distribution/${ImagesDistributionId}");
    }

    @Test
    void theApiContainerGetsTheThreeSettingsAndMayReadTheKey() {
        Container api = Container.of(ConfigCatalogue.Role.API);
        assertThat(api.environment().get(ImageCdnConfig.DOMAIN).path("Ref").asText())
                .isEqualTo("ImagesDomainName");
        assertThat(api.environment().get(ImageCdnConfig.KEY_PAIR_ID).path("Ref").asText())
                .isEqualTo("ImagesKeyPairId");
        List<String> valueFrom = new ArrayList<>();
        api.definition().path("Secrets").forEach(secret -> {
            if (secret.path("Name").asText().equals(ImageCdnConfig.PRIVATE_KEY)) {
                valueFrom.add(secret.path("ValueFrom").path("Fn::Sub").asText());
            }
        });
        assertThat(valueFrom).containsExactly("${ImagesKeySecretArn}:privateKey::");
        JsonNode policies = Template.load("compute.yaml")
                .resource("ApiExecutionRole")
                .path("Properties")
                .path("Policies");
        assertThat(policies.toString()).contains("{\"Ref\":\"ImagesKeySecretArn\"}");
    }

    @Test
    void theEdgeStackAcceptsAnX509PemPublicKeyInEitherSlotAndNothingElse() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        JsonNode parameters = Template.load("edge.yaml").root().path("Parameters");
        for (String slot : List.of("ImagesPublicKeyA", "ImagesPublicKeyB")) {
            Pattern allowed =
                    Pattern.compile(parameters.path(slot).path("AllowedPattern").asText());
            assertThat(allowed.matcher(pem).matches())
                    .as("%s takes a PEM public key", slot)
                    .isTrue();
            assertThat(allowed.matcher("").matches())
                    .as("%s may be empty", slot)
                    .isTrue();
            assertThat(allowed.matcher(pem.replace("PUBLIC KEY", "RSA PUBLIC KEY"))
                            .matches())
                    .as("%s refuses PKCS#1", slot)
                    .isFalse();
            assertThat(allowed.matcher(pem.replace("PUBLIC KEY", "PRIVATE KEY")).matches())
                    .as("%s refuses a private key", slot)
                    .isFalse();
        }
    }

    @Test
    void valuesTheComputeStackAcceptsAreValuesTheApiAccepts() throws Exception {
        JsonNode parameters = Template.load("compute.yaml").root().path("Parameters");
        JsonNode examples = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readString(Path.of("lint", "example-parameters.json")))
                .path("compute.yaml");
        String domain = examples.path("ImagesDomainName").asText();
        String keyId = examples.path("ImagesKeyPairId").asText();
        assertThat(domain)
                .matches(Pattern.compile(parameters
                        .path("ImagesDomainName")
                        .path("AllowedPattern")
                        .asText()));
        assertThat(keyId)
                .matches(Pattern.compile(parameters
                        .path("ImagesKeyPairId")
                        .path("AllowedPattern")
                        .asText()));
        // Equal patterns, so that the stack refuses what the API would refuse at start.
        assertThat(parameters.path("ImagesKeyPairId").path("AllowedPattern").asText())
                .isEqualTo("^[A-Z0-9]{8,64}$");

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ImageCdnConfig cdn = ImageCdnConfig.from(Env.of(
                        Map.of(
                                ImageCdnConfig.DOMAIN, domain,
                                ImageCdnConfig.KEY_PAIR_ID, keyId,
                                ImageCdnConfig.PRIVATE_KEY, pem),
                        RunMode.AWS))
                .orElseThrow();
        assertThat(cdn.domain()).isEqualTo(domain);
    }
}

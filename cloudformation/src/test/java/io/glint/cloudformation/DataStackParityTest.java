package io.glint.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.aws.Infrastructure;
import io.glint.core.aws.TableDefinitions;
import io.glint.core.config.Env;
import io.glint.core.config.ResourceNames;
import io.glint.core.config.RunMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * Verifies that the data stack creates what the code defines: the tables of every {@link TableDefinitions} module
 * (the same definitions the local stack creates), and the queue, dead-letter queue, notification and stream as
 * {@link Infrastructure} configures them locally.
 */
class DataStackParityTest {
    private static final String ENVIRONMENT = "glint";
    private static final Map<String, String> PARAMETERS =
            Map.of("EnvironmentName", ENVIRONMENT, "AWS::AccountId", "123456789012", "AWS::Region", "eu-west-1");
    private static final ResourceNames NAMES =
            ResourceNames.from(Env.of(Map.of(ResourceNames.TABLE_PREFIX, ENVIRONMENT + "-"), RunMode.LOCAL));

    private final Template data = Template.load("data.yaml");

    /** A table's shape, as both sides can state it. */
    record TableShape(
            String billingMode,
            Map<String, String> attributes,
            List<String> keySchema,
            Map<String, List<String>> indexes,
            Optional<String> timeToLive) {}

    @Test
    void dataStackHasExactlyTheCodesTables() {
        Map<String, TableShape> code = new TreeMap<>();
        Map<String, String> timeToLive = TableDefinitions.discoverTimeToLive(NAMES);
        for (CreateTableRequest table : TableDefinitions.discover(NAMES)) {
            code.put(table.tableName(), codeShape(table, Optional.ofNullable(timeToLive.get(table.tableName()))));
        }
        assertThat(code)
                .as("the code's tables (is the feature store on the class path?)")
                .hasSizeGreaterThan(10);

        Map<String, TableShape> template = new TreeMap<>();
        data.resources("AWS::DynamoDB::Table").forEach((id, table) -> {
            JsonNode properties = table.path("Properties");
            template.put(Template.resolve(properties.path("TableName"), PARAMETERS), templateShape(properties));
        });

        assertThat(template.keySet()).containsExactlyElementsOf(code.keySet());
        code.forEach((name, shape) ->
                assertThat(template.get(name)).as("table %s", name).isEqualTo(shape));
    }

    @Test
    void tablesAreRecoverableAndEncrypted() {
        data.resources("AWS::DynamoDB::Table").forEach((id, table) -> {
            JsonNode properties = table.path("Properties");
            assertThat(properties
                            .at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled")
                            .asBoolean())
                    .as("%s has point-in-time recovery", id)
                    .isTrue();
            assertThat(properties.at("/SSESpecification/SSEEnabled").asBoolean())
                    .as("%s is encrypted with KMS", id)
                    .isTrue();
            assertThat(table.path("DeletionPolicy").asText())
                    .as("%s survives its stack", id)
                    .isEqualTo("Retain");
        });
    }

    @Test
    void uploadsQueueAndDeadLetterQueueAreConfiguredAsTheCodeExpects() {
        Infrastructure.QueueSpec expected = Infrastructure.uploadsQueue(ResourceNames.from(Env.of(
                Map.of(
                        ResourceNames.UPLOADS_QUEUE, ENVIRONMENT + "-uploads",
                        ResourceNames.UPLOADS_DLQ, ENVIRONMENT + "-uploads-dlq"),
                RunMode.LOCAL)));
        JsonNode queue = data.resource("UploadsQueue").path("Properties");
        JsonNode deadLetters = data.resource("UploadsDeadLetterQueue").path("Properties");

        assertThat(Template.resolve(queue.path("QueueName"), PARAMETERS)).isEqualTo(expected.name());
        assertThat(Template.resolve(deadLetters.path("QueueName"), PARAMETERS)).isEqualTo(expected.deadLetterQueue());
        assertThat(queue.path("VisibilityTimeout").asLong())
                .isEqualTo(expected.visibilityTimeout().toSeconds());
        assertThat(queue.at("/RedrivePolicy/maxReceiveCount").asInt()).isEqualTo(expected.maxReceiveCount());
        assertThat(queue.at("/RedrivePolicy/deadLetterTargetArn/Fn::GetAtt/0").asText())
                .isEqualTo("UploadsDeadLetterQueue");
        assertThat(deadLetters.path("MessageRetentionPeriod").asLong())
                .isEqualTo(Infrastructure.DEAD_LETTER_RETENTION.toSeconds());
    }

    @Test
    void uploadsBucketSendsObjectCreatedUnderTheUploadsPrefixToTheQueue() {
        JsonNode bucket = data.resource("UploadsBucket").path("Properties");
        JsonNode notifications = bucket.at("/NotificationConfiguration/QueueConfigurations");
        assertThat(notifications).hasSize(1);
        JsonNode notification = notifications.get(0);
        assertThat(notification.path("Event").asText()).isEqualTo("s3:ObjectCreated:*");
        assertThat(notification.at("/Queue/Fn::GetAtt/0").asText()).isEqualTo("UploadsQueue");
        JsonNode rule = notification.at("/Filter/S3Key/Rules/0");
        assertThat(rule.path("Name").asText()).isEqualTo("prefix");
        assertThat(rule.path("Value").asText()).isEqualTo(Infrastructure.UPLOADS_PREFIX);

        // S3 may send only for this bucket, which the queue policy names before the bucket exists.
        JsonNode allow = data.resource("UploadsQueuePolicy").at("/Properties/PolicyDocument/Statement/0");
        assertThat(allow.at("/Principal/Service").asText()).isEqualTo("s3.amazonaws.com");
        assertThat(Template.resolve(allow.at("/Condition/ArnEquals/aws:SourceArn"), partitioned()))
                .isEqualTo("arn:aws:s3:::" + Template.resolve(bucket.path("BucketName"), PARAMETERS));
    }

    @Test
    void browsersMayPutAndGetFromTheWebAppsOriginOnly() {
        JsonNode rules = data.resource("UploadsBucket").at("/Properties/CorsConfiguration/CorsRules");
        assertThat(rules).hasSize(1);
        List<String> methods = new ArrayList<>();
        rules.get(0).path("AllowedMethods").forEach(method -> methods.add(method.asText()));
        assertThat(methods).containsExactlyInAnyOrder("PUT", "GET", "HEAD");
        assertThat(rules.get(0).path("AllowedOrigins")).hasSize(1);
        assertThat(rules.get(0).at("/AllowedOrigins/0/Ref").asText()).isEqualTo("WebAppOrigin");
    }

    @Test
    void interactionsStreamIsEncryptedWithItsOwnKey() {
        JsonNode stream = data.resource("InteractionsStream").path("Properties");
        assertThat(Template.resolve(stream.path("Name"), PARAMETERS)).isEqualTo(ENVIRONMENT + "-interactions");
        assertThat(stream.at("/StreamEncryption/EncryptionType").asText()).isEqualTo("KMS");
        assertThat(stream.at("/StreamEncryption/KeyId/Fn::GetAtt/0").asText()).isEqualTo("StreamKey");
        assertThat(data.resource("StreamKey")
                        .at("/Properties/EnableKeyRotation")
                        .asBoolean())
                .isTrue();
    }

    private static Map<String, String> partitioned() {
        Map<String, String> values = new java.util.HashMap<>(PARAMETERS);
        values.put("AWS::Partition", "aws");
        return values;
    }

    private static TableShape codeShape(CreateTableRequest table, Optional<String> timeToLive) {
        Map<String, String> attributes = new TreeMap<>();
        table.attributeDefinitions()
                .forEach(attribute -> attributes.put(attribute.attributeName(), attribute.attributeTypeAsString()));
        Map<String, List<String>> indexes = new TreeMap<>();
        for (GlobalSecondaryIndex index : table.globalSecondaryIndexes()) {
            List<String> shape = new ArrayList<>(keys(index.keySchema()));
            shape.add("projection " + index.projection().projectionTypeAsString());
            indexes.put(index.indexName(), shape);
        }
        return new TableShape(table.billingModeAsString(), attributes, keys(table.keySchema()), indexes, timeToLive);
    }

    private static List<String> keys(List<KeySchemaElement> schema) {
        return schema.stream()
                .map(key -> key.keyTypeAsString() + " " + key.attributeName())
                .toList();
    }

    private static TableShape templateShape(JsonNode properties) {
        Map<String, String> attributes = new TreeMap<>();
        properties
                .path("AttributeDefinitions")
                .forEach(attribute -> attributes.put(
                        attribute.path("AttributeName").asText(),
                        attribute.path("AttributeType").asText()));
        Map<String, List<String>> indexes = new TreeMap<>();
        properties.path("GlobalSecondaryIndexes").forEach(index -> {
            List<String> shape = new ArrayList<>(templateKeys(index.path("KeySchema")));
            shape.add("projection " + index.at("/Projection/ProjectionType").asText());
            indexes.put(index.path("IndexName").asText(), shape);
        });
        JsonNode ttl = properties.path("TimeToLiveSpecification");
        Optional<String> timeToLive = ttl.path("Enabled").asBoolean()
                ? Optional.of(ttl.path("AttributeName").asText())
                : Optional.empty();
        return new TableShape(
                properties.path("BillingMode").asText(),
                attributes,
                templateKeys(properties.path("KeySchema")),
                indexes,
                timeToLive);
    }

    private static List<String> templateKeys(JsonNode schema) {
        List<String> keys = new ArrayList<>();
        schema.forEach(key -> keys.add(
                key.path("KeyType").asText() + " " + key.path("AttributeName").asText()));
        return keys;
    }
}

package io.glint.featurestore.schema;

import io.glint.core.config.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One DynamoDB table as code: the single definition from which the local stack creates it and against which the
 * CloudFormation templates are checked. Tables are on-demand (no capacity to plan) with a string or number key.
 *
 * @param baseName the name without the configured prefix
 * @param partitionKey the hash key
 * @param sortKey the range key, if any
 * @param globalIndexes global secondary indexes, all projecting every attribute
 * @param timeToLive the number attribute (epoch seconds) after which DynamoDB may delete an item, if any; DynamoDB
 *     deletes late (within days), so readers still skip expired items themselves
 */
public record TableSpec(
        String baseName,
        Key partitionKey,
        Optional<Key> sortKey,
        List<Index> globalIndexes,
        Optional<String> timeToLive) {

    /** A key attribute and its type. */
    public record Key(String name, ScalarAttributeType type) {
        public Key {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        public static Key string(String name) {
            return new Key(name, ScalarAttributeType.S);
        }

        public static Key number(String name) {
            return new Key(name, ScalarAttributeType.N);
        }
    }

    /** A global secondary index. */
    public record Index(String name, Key partitionKey, Optional<Key> sortKey) {}

    public TableSpec {
        Objects.requireNonNull(baseName, "baseName");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(sortKey, "sortKey");
        globalIndexes = List.copyOf(globalIndexes);
        Objects.requireNonNull(timeToLive, "timeToLive");
    }

    public static TableSpec of(String baseName, Key partitionKey) {
        return new TableSpec(baseName, partitionKey, Optional.empty(), List.of(), Optional.empty());
    }

    public static TableSpec of(String baseName, Key partitionKey, Key sortKey) {
        return new TableSpec(baseName, partitionKey, Optional.of(sortKey), List.of(), Optional.empty());
    }

    public TableSpec withIndex(String indexName, Key indexPartitionKey, Optional<Key> indexSortKey) {
        List<Index> indexes = new ArrayList<>(globalIndexes);
        indexes.add(new Index(indexName, indexPartitionKey, indexSortKey));
        return new TableSpec(baseName, partitionKey, sortKey, indexes, timeToLive);
    }

    /** This table with DynamoDB's time to live on {@code attribute} (epoch seconds). */
    public TableSpec withTimeToLive(String attribute) {
        return new TableSpec(baseName, partitionKey, sortKey, globalIndexes, Optional.of(attribute));
    }

    /** The table's name under the configured prefix. */
    public String tableName(ResourceNames names) {
        return names.table(baseName);
    }

    /** The request that creates this table, on-demand. */
    public CreateTableRequest toCreateTableRequest(ResourceNames names) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        addAttribute(attributes, partitionKey);
        sortKey.ifPresent(key -> addAttribute(attributes, key));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Index index : globalIndexes) {
            addAttribute(attributes, index.partitionKey());
            index.sortKey().ifPresent(key -> addAttribute(attributes, key));
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(keySchema(index.partitionKey(), index.sortKey()))
                    .projection(Projection.builder()
                            .projectionType(ProjectionType.ALL)
                            .build())
                    .build());
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName(names))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributes)
                .keySchema(keySchema(partitionKey, sortKey));
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        return request.build();
    }

    private static List<KeySchemaElement> keySchema(Key hash, Optional<Key> range) {
        List<KeySchemaElement> schema = new ArrayList<>();
        schema.add(KeySchemaElement.builder()
                .attributeName(hash.name())
                .keyType(KeyType.HASH)
                .build());
        range.ifPresent(key -> schema.add(KeySchemaElement.builder()
                .attributeName(key.name())
                .keyType(KeyType.RANGE)
                .build()));
        return schema;
    }

    private static void addAttribute(List<AttributeDefinition> attributes, Key key) {
        boolean known = attributes.stream().anyMatch(a -> a.attributeName().equals(key.name()));
        if (!known) {
            attributes.add(AttributeDefinition.builder()
                    .attributeName(key.name())
                    .attributeType(key.type())
                    .build());
        }
    }
}

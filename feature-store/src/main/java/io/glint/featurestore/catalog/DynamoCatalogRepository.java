package io.glint.featurestore.catalog;

import io.glint.core.config.ResourceNames;
import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.catalog.CatalogRepository;
import io.glint.featurestore.dynamo.BatchReader;
import io.glint.featurestore.dynamo.BatchWriter;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Catalog products in the {@code catalog} table, one item per product, written in batches of 25. */
public final class DynamoCatalogRepository implements CatalogRepository {
    private final BatchReader reader;
    private final BatchWriter writer;
    private final String table;

    public DynamoCatalogRepository(Vertx vertx, DynamoDbAsyncClient dynamoDb, ResourceNames names) {
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.reader = new BatchReader(vertx, dynamoDb);
        this.writer = new BatchWriter(vertx, dynamoDb);
        this.table = FeatureStoreTables.CATALOG.tableName(names);
    }

    @Override
    public Future<Void> putAll(List<CatalogItem> items) {
        List<WriteRequest> requests = new ArrayList<>(items.size());
        for (CatalogItem item : items) {
            requests.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(encode(item)).build())
                    .build());
        }
        return writer.write(table, requests);
    }

    @Override
    public Future<List<CatalogItem>> findAll(Collection<String> itemIds) {
        List<Map<String, AttributeValue>> keys = new LinkedHashSet<>(itemIds)
                .stream().map(id -> Map.of("itemId", AttributeValue.fromS(id))).toList();
        return reader.read(table, keys, false)
                .map(found ->
                        found.stream().map(DynamoCatalogRepository::decode).toList());
    }

    private static Map<String, AttributeValue> encode(CatalogItem item) {
        Map<String, AttributeValue> encoded = new HashMap<>();
        encoded.put("itemId", AttributeValue.fromS(item.itemId()));
        encoded.put("title", AttributeValue.fromS(item.title()));
        encoded.put(
                "categories",
                AttributeValue.fromL(
                        item.categories().stream().map(AttributeValue::fromS).toList()));
        Map<String, AttributeValue> attributes = new HashMap<>();
        item.attributes().forEach((key, value) -> attributes.put(key, AttributeValue.fromS(value)));
        encoded.put("attributes", AttributeValue.fromM(attributes));
        encoded.put("active", AttributeValue.fromBool(item.active()));
        item.stock().ifPresent(units -> encoded.put("stock", AttributeValue.fromN(Long.toString(units))));
        encoded.put("updatedAt", AttributeValue.fromS(item.updatedAt().toString()));
        return encoded;
    }

    private static CatalogItem decode(Map<String, AttributeValue> item) {
        Map<String, String> attributes = new HashMap<>();
        if (item.containsKey("attributes")) {
            item.get("attributes").m().forEach((key, value) -> attributes.put(key, value.s()));
        }
        return new CatalogItem(
                item.get("itemId").s(),
                item.get("title").s(),
                item.containsKey("categories")
                        ? item.get("categories").l().stream()
                                .map(AttributeValue::s)
                                .toList()
                        : List.of(),
                attributes,
                !item.containsKey("active")
                        || Boolean.TRUE.equals(item.get("active").bool()),
                Optional.ofNullable(item.get("stock")).map(units -> Long.parseLong(units.n())),
                Instant.parse(item.get("updatedAt").s()));
    }
}

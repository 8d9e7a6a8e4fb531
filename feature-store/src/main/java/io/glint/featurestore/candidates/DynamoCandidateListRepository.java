package io.glint.featurestore.candidates;

import io.glint.core.config.ResourceNames;
import io.glint.core.json.Json;
import io.glint.domain.candidates.CandidateList;
import io.glint.domain.candidates.CandidateListRepository;
import io.glint.featurestore.dynamo.BatchWriter;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Candidate lists as items {@code list#<name>} of the features table, the list as JSON in {@code doc}. */
public final class DynamoCandidateListRepository implements CandidateListRepository {
    private final BatchWriter writer;
    private final String table;

    public DynamoCandidateListRepository(Vertx vertx, DynamoDbAsyncClient dynamoDb, ResourceNames names) {
        this.writer = new BatchWriter(vertx, dynamoDb);
        this.table = FeatureStoreTables.FEATURES.tableName(names);
    }

    /** The table key of a list. */
    public static String key(String name) {
        return "list#" + name;
    }

    @Override
    public Future<Void> write(List<CandidateList> lists) {
        List<WriteRequest> requests = lists.stream()
                .map(list -> WriteRequest.builder()
                        .putRequest(PutRequest.builder()
                                .item(Map.of(
                                        "entityId", AttributeValue.fromS(key(list.name())),
                                        "computedAt",
                                                AttributeValue.fromS(
                                                        list.computedAt().toString()),
                                        "doc", AttributeValue.fromS(Json.writeString(list))))
                                .build())
                        .build())
                .toList();
        return writer.write(table, requests);
    }
}

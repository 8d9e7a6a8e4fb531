package io.glint.featurestore.users;

import io.glint.core.aws.AwsFutures;
import io.glint.core.config.ResourceNames;
import io.glint.domain.users.RefreshTokenRepository;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Refresh tokens in DynamoDB; {@code expiresAt} is epoch seconds, the attribute a DynamoDB TTL setting can use. */
public final class DynamoRefreshTokenRepository implements RefreshTokenRepository {
    private final DynamoDbAsyncClient dynamoDb;
    private final String table;

    public DynamoRefreshTokenRepository(DynamoDbAsyncClient dynamoDb, ResourceNames names) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = FeatureStoreTables.REFRESH_TOKENS.tableName(names);
    }

    @Override
    public Future<Void> save(RefreshToken token) {
        return AwsFutures.onContext(dynamoDb.putItem(PutItemRequest.builder()
                        .tableName(table)
                        .item(Map.of(
                                "tokenHash", AttributeValue.fromS(token.tokenHash()),
                                "userId", AttributeValue.fromS(token.userId()),
                                "expiresAt",
                                        AttributeValue.fromN(
                                                Long.toString(token.expiresAt().getEpochSecond()))))
                        .conditionExpression("attribute_not_exists(tokenHash)")
                        .build()))
                .mapEmpty();
    }

    @Override
    public Future<Optional<RefreshToken>> consume(String tokenHash) {
        // DeleteItem returning the old item is atomic: of two concurrent consumers, one gets the attributes.
        return AwsFutures.onContext(dynamoDb.deleteItem(DeleteItemRequest.builder()
                        .tableName(table)
                        .key(Map.of("tokenHash", AttributeValue.fromS(tokenHash)))
                        .returnValues(ReturnValue.ALL_OLD)
                        .build()))
                .map(response -> response.hasAttributes()
                                && !response.attributes().isEmpty()
                        ? Optional.of(new RefreshToken(
                                tokenHash,
                                response.attributes().get("userId").s(),
                                Instant.ofEpochSecond(Long.parseLong(
                                        response.attributes().get("expiresAt").n()))))
                        : Optional.empty());
    }
}

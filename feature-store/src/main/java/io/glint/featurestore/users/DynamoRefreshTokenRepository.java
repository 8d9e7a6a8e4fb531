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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Refresh tokens in DynamoDB. A used token stays, marked {@code usedAt}, until DynamoDB's time to live removes it at
 * {@code expiresAt} (epoch seconds), so that a reuse is recognised for as long as the token would have been valid. A
 * revoked family is an item of the same table, {@code family#<id>}, that lives as long as the family's tokens could;
 * so is a user's "every token issued before this instant is revoked", {@code user#<id>}.
 */
public final class DynamoRefreshTokenRepository implements RefreshTokenRepository {
    private static final String FAMILY = "family#";
    private static final String USER = "user#";

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
                                "familyId", AttributeValue.fromS(token.familyId()),
                                "issuedAt",
                                        AttributeValue.fromN(
                                                Long.toString(token.issuedAt().toEpochMilli())),
                                "expiresAt", epochSeconds(token.expiresAt())))
                        .conditionExpression("attribute_not_exists(tokenHash)")
                        .build()))
                .mapEmpty();
    }

    @Override
    public Future<Consumed> consume(String tokenHash, Instant now) {
        // One conditional write: of two concurrent consumers, one marks the token used, the other sees it used.
        return AwsFutures.onContext(dynamoDb.updateItem(UpdateItemRequest.builder()
                        .tableName(table)
                        .key(Map.of("tokenHash", AttributeValue.fromS(tokenHash)))
                        .updateExpression("SET usedAt = :now")
                        .conditionExpression("attribute_exists(tokenHash) AND attribute_not_exists(usedAt)")
                        .expressionAttributeValues(Map.of(":now", epochSeconds(now)))
                        .returnValues(ReturnValue.ALL_OLD)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()))
                .<Consumed>map(updated -> new Fresh(token(tokenHash, updated.attributes())))
                .recover(error -> {
                    if (AwsFutures.unwrap(error) instanceof ConditionalCheckFailedException failed) {
                        return Future.succeededFuture(
                                failed.hasItem() && !failed.item().isEmpty()
                                        ? new Reused(token(tokenHash, failed.item()))
                                        : new Unknown());
                    }
                    return Future.failedFuture(error);
                });
    }

    @Override
    public Future<Void> revokeFamily(String familyId, Instant until) {
        return AwsFutures.onContext(dynamoDb.putItem(PutItemRequest.builder()
                        .tableName(table)
                        .item(Map.of(
                                "tokenHash", AttributeValue.fromS(FAMILY + familyId),
                                "revoked", AttributeValue.fromBool(true),
                                "expiresAt", epochSeconds(until)))
                        .build()))
                .mapEmpty();
    }

    @Override
    public Future<Boolean> isRevoked(String familyId) {
        return AwsFutures.onContext(dynamoDb.getItem(get -> get.tableName(table)
                        .key(Map.of("tokenHash", AttributeValue.fromS(FAMILY + familyId)))
                        .consistentRead(true)))
                .map(response -> response.hasItem() && !response.item().isEmpty());
    }

    @Override
    public Future<Void> revokeUser(String userId, Instant before, Instant until) {
        return AwsFutures.onContext(dynamoDb.putItem(PutItemRequest.builder()
                        .tableName(table)
                        .item(Map.of(
                                "tokenHash", AttributeValue.fromS(USER + userId),
                                "revokedBefore", AttributeValue.fromN(Long.toString(before.toEpochMilli())),
                                "expiresAt", epochSeconds(until)))
                        .build()))
                .mapEmpty();
    }

    @Override
    public Future<Optional<Instant>> revokedBefore(String userId) {
        return AwsFutures.onContext(dynamoDb.getItem(get -> get.tableName(table)
                        .key(Map.of("tokenHash", AttributeValue.fromS(USER + userId)))
                        .consistentRead(true)))
                .map(response -> response.hasItem() && response.item().containsKey("revokedBefore")
                        ? Optional.of(Instant.ofEpochMilli(Long.parseLong(
                                response.item().get("revokedBefore").n())))
                        : Optional.empty());
    }

    private static RefreshToken token(String tokenHash, Map<String, AttributeValue> item) {
        // A token stored before families existed is a family of its own, issued at the start of time.
        AttributeValue family = item.get("familyId");
        AttributeValue issued = item.get("issuedAt");
        return new RefreshToken(
                tokenHash,
                item.get("userId").s(),
                family == null ? tokenHash : family.s(),
                issued == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(issued.n())),
                Instant.ofEpochSecond(Long.parseLong(item.get("expiresAt").n())));
    }

    private static AttributeValue epochSeconds(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }
}

package io.glint.featurestore.users;

import io.glint.core.aws.AwsFutures;
import io.glint.core.config.ResourceNames;
import io.glint.core.error.ConflictException;
import io.glint.core.error.NotFoundException;
import io.glint.domain.users.User;
import io.glint.domain.users.UserRepository;
import io.glint.featurestore.dynamo.BatchReader;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Accounts in DynamoDB: the account item and its username claim are written in one transaction, each conditional on not
 * existing, so two sign-ups for one name cannot both succeed. Roles are a string set attribute {@code roles}, absent
 * when the account has none (DynamoDB has no empty sets), so items written before roles existed read as no roles.
 */
public final class DynamoUserRepository implements UserRepository {
    private final DynamoDbAsyncClient dynamoDb;
    private final BatchReader batchReader;
    private final String usersTable;
    private final String usernamesTable;

    public DynamoUserRepository(Vertx vertx, DynamoDbAsyncClient dynamoDb, ResourceNames names) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.batchReader = new BatchReader(vertx, dynamoDb);
        this.usersTable = FeatureStoreTables.USERS.tableName(names);
        this.usernamesTable = FeatureStoreTables.USERNAMES.tableName(names);
    }

    @Override
    public Future<User> create(User user) {
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
                .transactItems(
                        TransactWriteItem.builder()
                                .put(Put.builder()
                                        .tableName(usernamesTable)
                                        .item(Map.of(
                                                "username", AttributeValue.fromS(user.username()),
                                                "userId", AttributeValue.fromS(user.userId())))
                                        .conditionExpression("attribute_not_exists(username)")
                                        .build())
                                .build(),
                        TransactWriteItem.builder()
                                .put(Put.builder()
                                        .tableName(usersTable)
                                        .item(toItem(user))
                                        .conditionExpression("attribute_not_exists(userId)")
                                        .build())
                                .build())
                .build();
        return AwsFutures.onContext(dynamoDb.transactWriteItems(request))
                .map(done -> user)
                .recover(error -> error instanceof TransactionCanceledException
                        ? Future.failedFuture(new ConflictException("the username '" + user.username() + "' is taken"))
                        : Future.failedFuture(error));
    }

    @Override
    public Future<Optional<User>> findByUsername(String username) {
        return AwsFutures.onContext(dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(usernamesTable)
                        .key(Map.of("username", AttributeValue.fromS(username)))
                        .build()))
                .compose(claim -> claim.hasItem() && !claim.item().isEmpty()
                        ? findById(claim.item().get("userId").s())
                        : Future.succeededFuture(Optional.empty()));
    }

    @Override
    public Future<Optional<User>> findById(String userId) {
        return AwsFutures.onContext(dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(usersTable)
                        .key(Map.of("userId", AttributeValue.fromS(userId)))
                        .build()))
                .map(response -> response.hasItem() && !response.item().isEmpty()
                        ? Optional.of(fromItem(response.item()))
                        : Optional.empty());
    }

    @Override
    public Future<User> updateProfile(String userId, String displayName, String bio, String avatarKey) {
        List<String> sets = new java.util.ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>();
        if (displayName != null) {
            sets.add("displayName = :displayName");
            values.put(":displayName", AttributeValue.fromS(displayName));
        }
        if (bio != null) {
            sets.add("bio = :bio");
            values.put(":bio", AttributeValue.fromS(bio));
        }
        if (avatarKey != null) {
            sets.add("avatarKey = :avatarKey");
            values.put(":avatarKey", AttributeValue.fromS(avatarKey));
        }
        if (sets.isEmpty()) {
            return findById(userId).compose(found -> found.<Future<User>>map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(new NotFoundException("no user " + userId))));
        }
        return update(userId, "SET " + String.join(", ", sets), Map.of(), values);
    }

    @Override
    public Future<User> setPasswordHash(String userId, String passwordHash) {
        Objects.requireNonNull(passwordHash, "passwordHash");
        return update(
                userId,
                "SET passwordHash = :passwordHash",
                Map.of(),
                Map.of(":passwordHash", AttributeValue.fromS(passwordHash)));
    }

    @Override
    public Future<User> grantRoles(String userId, Set<String> roles) {
        if (roles.isEmpty() || roles.stream().anyMatch(String::isBlank)) {
            return Future.failedFuture(new IllegalArgumentException("grant at least one role, each a non-blank name"));
        }
        // ADD on a string set is a union: idempotent, and two concurrent grants both stay.
        return update(
                userId,
                "ADD #roles :roles",
                Map.of("#roles", "roles"),
                Map.of(":roles", AttributeValue.fromSs(List.copyOf(roles))));
    }

    /** One conditional update of an existing account, returning the account as it is after it. */
    private Future<User> update(
            String userId, String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        UpdateItemRequest.Builder request = UpdateItemRequest.builder()
                .tableName(usersTable)
                .key(Map.of("userId", AttributeValue.fromS(userId)))
                .updateExpression(expression)
                .conditionExpression("attribute_exists(userId)")
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW);
        if (!names.isEmpty()) {
            request.expressionAttributeNames(names);
        }
        return AwsFutures.onContext(dynamoDb.updateItem(request.build()))
                .map(response -> fromItem(response.attributes()))
                .recover(error -> Future.failedFuture(
                        error instanceof ConditionalCheckFailedException
                                ? new NotFoundException("no user " + userId)
                                : error));
    }

    @Override
    public Future<List<User>> findAll(List<String> userIds) {
        List<Map<String, AttributeValue>> keys = userIds.stream()
                .distinct()
                .map(id -> Map.of("userId", AttributeValue.fromS(id)))
                .toList();
        return batchReader
                .read(usersTable, keys, false)
                .map(items -> items.stream().map(DynamoUserRepository::fromItem).toList());
    }

    private static Map<String, AttributeValue> toItem(User user) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("userId", AttributeValue.fromS(user.userId()));
        item.put("username", AttributeValue.fromS(user.username()));
        item.put("displayName", AttributeValue.fromS(user.displayName()));
        item.put("bio", AttributeValue.fromS(user.bio()));
        item.put("passwordHash", AttributeValue.fromS(user.passwordHash()));
        item.put("createdAt", AttributeValue.fromS(user.createdAt().toString()));
        if (!user.roles().isEmpty()) {
            item.put("roles", AttributeValue.fromSs(List.copyOf(user.roles())));
        }
        return item;
    }

    private static User fromItem(Map<String, AttributeValue> item) {
        return new User(
                item.get("userId").s(),
                item.get("username").s(),
                item.get("displayName").s(),
                item.get("bio").s(),
                item.get("passwordHash").s(),
                Instant.parse(item.get("createdAt").s()),
                count(item, "followerCount"),
                count(item, "followingCount"),
                item.containsKey("avatarKey") ? item.get("avatarKey").s() : null,
                item.containsKey("roles") ? Set.copyOf(item.get("roles").ss()) : Set.of());
    }

    private static long count(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Long.parseLong(value.n());
    }
}

package io.glint.featurestore.feed;

import io.glint.core.aws.AwsFutures;
import io.glint.core.config.ResourceNames;
import io.glint.core.error.InvalidException;
import io.glint.domain.feed.FanOutPolicy;
import io.glint.domain.feed.FeedConfig;
import io.glint.domain.feed.FeedEntry;
import io.glint.domain.feed.FeedRepository;
import io.glint.domain.posts.Post;
import io.glint.domain.time.SortableTime;
import io.glint.featurestore.dynamo.BatchWriter;
import io.glint.featurestore.dynamo.Cursors;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Timelines in DynamoDB. The {@code feed} table holds one item per (reader, post): partition {@code userId}, sort
 * {@code <createdAt>#<postId>}, with {@code expiresAt} for DynamoDB's time to live. An author becomes pulled once: the
 * {@code users} item gets {@code feedMode = pull} first, then every edge to the author gets {@code pullFollowerId},
 * which puts it in the sparse {@code byPullFollower} index; a follow writes its edge before it reads the mode, so an
 * edge is marked by one side or the other.
 *
 * <p>A read merges the inbox with one {@code byAuthor} query per pulled followee. Each source returns at most
 * {@code limit} items and, when it may have more, its frontier (the last key it evaluated); only items at or above
 * the highest frontier are complete across sources, so the page is cut there and the next cursor is the last key
 * handed out or that frontier. A page may therefore hold fewer than {@code limit} entries while more follow.
 */
public final class DynamoFeedRepository implements FeedRepository {
    static final String PULL = "pull";
    private static final int FOLLOWER_PAGE = 1000;
    private static final int EDGE_UPDATES_IN_FLIGHT = 8;

    private final DynamoDbAsyncClient dynamoDb;
    private final BatchWriter writer;
    private final String feedTable;
    private final String followsTable;
    private final String usersTable;
    private final String postsTable;
    private final FeedConfig config;
    private final FanOutPolicy policy;
    private final Clock clock;

    public DynamoFeedRepository(
            Vertx vertx, DynamoDbAsyncClient dynamoDb, ResourceNames names, FeedConfig config, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.writer = new BatchWriter(vertx, dynamoDb);
        this.feedTable = FeatureStoreTables.FEED.tableName(names);
        this.followsTable = FeatureStoreTables.FOLLOWS.tableName(names);
        this.usersTable = FeatureStoreTables.USERS.tableName(names);
        this.postsTable = FeatureStoreTables.POSTS.tableName(names);
        this.config = Objects.requireNonNull(config, "config");
        this.policy = new FanOutPolicy(config);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What fan-out needs to know of an author. */
    private record Author(long followerCount, boolean pulled) {}

    @Override
    public Future<FanOut> fanOut(Post post) {
        if (post.status() != Post.Status.PUBLISHED) {
            throw new IllegalArgumentException("only a published post is fanned out, not a " + post.status());
        }
        FeedEntry entry = FeedEntry.of(post);
        return author(post.authorId()).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(new FanOut(0, false)); // The account is gone.
            }
            Author author = found.get();
            Future<Void> own = deliver(entry, List.of(post.authorId()));
            return switch (policy.delivery(author.followerCount(), author.pulled())) {
                case PULL -> own.map(done -> new FanOut(1, true));
                case SWITCH_TO_PULL ->
                    own.compose(done -> switchToPull(post.authorId())).map(done -> new FanOut(1, true));
                case PUSH -> own.compose(done -> deliverToFollowers(entry, null, 1));
            };
        });
    }

    @Override
    public Future<Void> followed(String followerId, String followeeId) {
        return author(followeeId).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture();
            }
            boolean pulled = found.get().pulled();
            return pulled
                    ? markEdge(followerId, followeeId)
                    : backfill(followerId, followeeId, policy.backfill(pulled));
        });
    }

    @Override
    public Future<Void> unfollowed(String followerId, String followeeId) {
        return removeEntries(followerId, followeeId, null);
    }

    @Override
    public Future<Page> page(String userId, int limit, String cursor) {
        String before = cursor == null
                ? null
                : Cursors.decode(cursor, Set.of("userId", "entryKey"), "userId", userId)
                        .get("entryKey")
                        .s();
        if (before != null && !FeedEntry.isSortKey(before)) {
            // The merge cuts pulled authors' posts at the entry key's time: one without a time is not ours.
            throw new InvalidException("the cursor is not one this API returned for this list");
        }
        Future<Source> inbox = inbox(userId, limit, before);
        Future<List<Source>> pulled = pulledFollowees(userId).compose(authors -> {
            List<Future<Source>> sources = new ArrayList<>();
            authors.forEach(authorId -> sources.add(authorPosts(authorId, limit, before)));
            return Future.all(sources).map(all -> all.<Source>list());
        });
        return Future.all(inbox, pulled).map(all -> {
            List<Source> sources = new ArrayList<>(pulled.result());
            sources.add(inbox.result());
            return merge(userId, sources, limit);
        });
    }

    // --- Writing inboxes

    private Future<Optional<Author>> author(String userId) {
        return AwsFutures.onContext(dynamoDb.getItem(get -> get.tableName(usersTable)
                        .key(Map.of("userId", AttributeValue.fromS(userId)))
                        .projectionExpression("userId, followerCount, feedMode")))
                .map(response -> {
                    if (!response.hasItem() || response.item().isEmpty()) {
                        return Optional.empty();
                    }
                    Map<String, AttributeValue> item = response.item();
                    long followers = item.containsKey("followerCount")
                            ? Long.parseLong(item.get("followerCount").n())
                            : 0;
                    boolean pulled = item.containsKey("feedMode")
                            && PULL.equals(item.get("feedMode").s());
                    return Optional.of(new Author(followers, pulled));
                });
    }

    private Future<Void> deliver(FeedEntry entry, List<String> readers) {
        String expiresAt =
                Long.toString(entry.createdAt().plus(config.entryTtl()).getEpochSecond());
        List<WriteRequest> puts = readers.stream()
                .map(reader -> WriteRequest.builder()
                        .putRequest(PutRequest.builder()
                                .item(Map.of(
                                        "userId", AttributeValue.fromS(reader),
                                        "entryKey", AttributeValue.fromS(entry.sortKey()),
                                        "postId", AttributeValue.fromS(entry.postId()),
                                        "authorId", AttributeValue.fromS(entry.authorId()),
                                        "expiresAt", AttributeValue.fromN(expiresAt)))
                                .build())
                        .build())
                .toList();
        return writer.write(feedTable, puts);
    }

    private Future<FanOut> deliverToFollowers(FeedEntry entry, Map<String, AttributeValue> startKey, int delivered) {
        return followersPage(entry.authorId(), startKey).compose(page -> {
            List<String> followers = page.items().stream()
                    .map(item -> item.get("followerId").s())
                    .toList();
            return deliver(entry, followers).compose(done -> {
                int total = delivered + followers.size();
                return more(page)
                        ? deliverToFollowers(entry, page.lastEvaluatedKey(), total)
                        : Future.succeededFuture(new FanOut(total, false));
            });
        });
    }

    private Future<QueryResponse> followersPage(String authorId, Map<String, AttributeValue> startKey) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(followsTable)
                .indexName(FeatureStoreTables.FOLLOWS_BY_FOLLOWEE)
                .keyConditionExpression("followeeId = :author")
                .expressionAttributeValues(Map.of(":author", AttributeValue.fromS(authorId)))
                .projectionExpression("followerId")
                .limit(FOLLOWER_PAGE);
        if (startKey != null) {
            query.exclusiveStartKey(startKey);
        }
        return AwsFutures.onContext(dynamoDb.query(query.build()));
    }

    /** The mode first, then the edges: a follow racing with this marks its own edge if it reads the new mode. */
    private Future<Void> switchToPull(String authorId) {
        return AwsFutures.onContext(dynamoDb.updateItem(update -> update.tableName(usersTable)
                        .key(Map.of("userId", AttributeValue.fromS(authorId)))
                        .updateExpression("SET feedMode = :pull")
                        .conditionExpression("attribute_exists(userId)")
                        .expressionAttributeValues(Map.of(":pull", AttributeValue.fromS(PULL)))))
                .compose(done -> markEdges(authorId, null));
    }

    private Future<Void> markEdges(String authorId, Map<String, AttributeValue> startKey) {
        return followersPage(authorId, startKey).compose(page -> {
            List<String> followers = page.items().stream()
                    .map(item -> item.get("followerId").s())
                    .toList();
            return inLanes(followers, follower -> markEdge(follower, authorId))
                    .compose(done ->
                            more(page) ? markEdges(authorId, page.lastEvaluatedKey()) : Future.succeededFuture());
        });
    }

    private Future<Void> markEdge(String followerId, String followeeId) {
        return AwsFutures.onContext(dynamoDb.updateItem(update -> update.tableName(followsTable)
                        .key(Map.of(
                                "followerId", AttributeValue.fromS(followerId),
                                "followeeId", AttributeValue.fromS(followeeId)))
                        .updateExpression("SET pullFollowerId = :follower")
                        // An edge unfollowed meanwhile stays deleted.
                        .conditionExpression("attribute_exists(followerId)")
                        .expressionAttributeValues(Map.of(":follower", AttributeValue.fromS(followerId)))))
                .<Void>mapEmpty()
                .recover(error -> error instanceof ConditionalCheckFailedException
                        ? Future.succeededFuture()
                        : Future.failedFuture(error));
    }

    /** Runs {@code task} for every element, at most {@link #EDGE_UPDATES_IN_FLIGHT} at a time. */
    private static <T> Future<Void> inLanes(List<T> elements, Function<T, Future<Void>> task) {
        List<Future<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < Math.min(EDGE_UPDATES_IN_FLIGHT, elements.size()); lane++) {
            lanes.add(lane(elements, lane, task));
        }
        return Future.all(lanes).mapEmpty();
    }

    private static <T> Future<Void> lane(List<T> elements, int index, Function<T, Future<Void>> task) {
        return index >= elements.size()
                ? Future.succeededFuture()
                : task.apply(elements.get(index)).compose(done -> lane(elements, index + EDGE_UPDATES_IN_FLIGHT, task));
    }

    /** The followee's recent published posts, into the new follower's inbox. */
    private Future<Void> backfill(String followerId, String followeeId, int posts) {
        if (posts == 0) {
            return Future.succeededFuture();
        }
        String cutoff = SortableTime.format(clock.instant().minus(config.entryTtl()));
        return AwsFutures.onContext(dynamoDb.query(query -> query.tableName(postsTable)
                        .indexName(FeatureStoreTables.POSTS_BY_AUTHOR)
                        .keyConditionExpression("authorId = :author AND createdAt > :cutoff")
                        .filterExpression("#status = :published")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(
                                ":author", AttributeValue.fromS(followeeId),
                                ":cutoff", AttributeValue.fromS(cutoff),
                                ":published", AttributeValue.fromS(Post.Status.PUBLISHED.wire())))
                        .projectionExpression("postId, authorId, createdAt")
                        .scanIndexForward(false)
                        .limit(posts)))
                .compose(response -> Future.all(response.items().stream()
                                .map(item -> deliver(
                                        new FeedEntry(
                                                item.get("postId").s(),
                                                item.get("authorId").s(),
                                                Instant.parse(
                                                        item.get("createdAt").s())),
                                        List.of(followerId)))
                                .toList())
                        .mapEmpty());
    }

    private Future<Void> removeEntries(String followerId, String authorId, Map<String, AttributeValue> startKey) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(feedTable)
                .keyConditionExpression("userId = :reader")
                .filterExpression("authorId = :author")
                .expressionAttributeValues(
                        Map.of(":reader", AttributeValue.fromS(followerId), ":author", AttributeValue.fromS(authorId)))
                .projectionExpression("userId, entryKey");
        if (startKey != null) {
            query.exclusiveStartKey(startKey);
        }
        return AwsFutures.onContext(dynamoDb.query(query.build())).compose(page -> {
            List<WriteRequest> deletes = page.items().stream()
                    .map(key -> WriteRequest.builder()
                            .deleteRequest(DeleteRequest.builder().key(key).build())
                            .build())
                    .toList();
            return writer.write(feedTable, deletes)
                    .compose(done -> more(page)
                            ? removeEntries(followerId, authorId, page.lastEvaluatedKey())
                            : Future.succeededFuture());
        });
    }

    // --- Reading a timeline

    /** Entries of one source, newest first, and how far it got when it may have more. */
    private record Source(List<FeedEntry> entries, Optional<String> frontier) {}

    private Future<Source> inbox(String userId, int limit, String before) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":reader", AttributeValue.fromS(userId));
        values.put(":now", AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond())));
        String condition = "userId = :reader";
        if (before != null) {
            condition += " AND entryKey < :before";
            values.put(":before", AttributeValue.fromS(before));
        }
        QueryRequest query = QueryRequest.builder()
                .tableName(feedTable)
                .keyConditionExpression(condition)
                // DynamoDB deletes expired items late; they are not shown meanwhile.
                .filterExpression("expiresAt > :now")
                .expressionAttributeValues(values)
                .scanIndexForward(false)
                .limit(limit)
                .build();
        return AwsFutures.onContext(dynamoDb.query(query))
                .map(response -> new Source(
                        response.items().stream()
                                .map(item -> new FeedEntry(
                                        item.get("postId").s(),
                                        item.get("authorId").s(),
                                        Instant.parse(item.get("entryKey")
                                                .s()
                                                .substring(
                                                        0,
                                                        item.get("entryKey").s().indexOf('#')))))
                                .toList(),
                        more(response)
                                ? Optional.of(response.lastEvaluatedKey()
                                        .get("entryKey")
                                        .s())
                                : Optional.empty()));
    }

    private Future<List<String>> pulledFollowees(String userId) {
        if (config.maxPullAuthors() == 0) {
            return Future.succeededFuture(List.of());
        }
        return AwsFutures.onContext(dynamoDb.query(query -> query.tableName(followsTable)
                        .indexName(FeatureStoreTables.FOLLOWS_BY_PULL_FOLLOWER)
                        .keyConditionExpression("pullFollowerId = :reader")
                        .expressionAttributeValues(Map.of(":reader", AttributeValue.fromS(userId)))
                        .projectionExpression("followeeId")
                        .limit(config.maxPullAuthors())))
                .map(response -> response.items().stream()
                        .map(item -> item.get("followeeId").s())
                        .toList());
    }

    private Future<Source> authorPosts(String authorId, int limit, String before) {
        return authorPosts(authorId, limit, before, null);
    }

    /**
     * One page of a pulled author's published posts before the cursor. The index sorts by time alone, so the query
     * reads from the cursor's time inclusive and drops what is not before the cursor's full key; should a page hold
     * nothing but such ties, it reads on from there rather than report a frontier that is not past the cursor.
     */
    private Future<Source> authorPosts(
            String authorId, int limit, String before, Map<String, AttributeValue> startKey) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":author", AttributeValue.fromS(authorId));
        values.put(":published", AttributeValue.fromS(Post.Status.PUBLISHED.wire()));
        String condition = "authorId = :author";
        if (before != null) {
            condition += " AND createdAt <= :time";
            values.put(":time", AttributeValue.fromS(before.substring(0, before.indexOf('#'))));
        }
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(postsTable)
                .indexName(FeatureStoreTables.POSTS_BY_AUTHOR)
                .keyConditionExpression(condition)
                .filterExpression("#status = :published")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)
                .scanIndexForward(false)
                .limit(limit);
        if (startKey != null) {
            query.exclusiveStartKey(startKey);
        }
        return AwsFutures.onContext(dynamoDb.query(query.build())).compose(response -> {
            List<FeedEntry> entries = response.items().stream()
                    .map(item -> new FeedEntry(
                            item.get("postId").s(),
                            item.get("authorId").s(),
                            Instant.parse(item.get("createdAt").s())))
                    .filter(entry -> before == null || entry.sortKey().compareTo(before) < 0)
                    .toList();
            if (!more(response)) {
                return Future.succeededFuture(new Source(entries, Optional.empty()));
            }
            String frontier = FeedEntry.sortKey(
                    response.lastEvaluatedKey().get("createdAt").s(),
                    response.lastEvaluatedKey().get("postId").s());
            if (before != null && frontier.compareTo(before) >= 0) {
                return authorPosts(authorId, limit, before, response.lastEvaluatedKey());
            }
            return Future.succeededFuture(new Source(entries, Optional.of(frontier)));
        });
    }

    private static Page merge(String userId, List<Source> sources, int limit) {
        // Below the highest frontier some source has not been read yet: nothing there can be handed out.
        String boundary = sources.stream()
                .flatMap(source -> source.frontier().stream())
                .max(Comparator.naturalOrder())
                .orElse(null);
        Map<String, FeedEntry> candidates = new LinkedHashMap<>();
        sources.stream()
                .flatMap(source -> source.entries().stream())
                .filter(entry -> boundary == null || entry.sortKey().compareTo(boundary) >= 0)
                .sorted(Comparator.comparing((FeedEntry entry) -> entry.sortKey())
                        .reversed())
                .forEach(entry -> candidates.putIfAbsent(entry.postId(), entry));
        List<FeedEntry> page = candidates.values().stream().limit(limit).toList();
        String next = candidates.size() > limit ? page.get(page.size() - 1).sortKey() : boundary;
        return new Page(
                page,
                Optional.ofNullable(next)
                        .map(key -> Cursors.encode(Map.of(
                                "userId", AttributeValue.fromS(userId), "entryKey", AttributeValue.fromS(key)))));
    }

    private static boolean more(QueryResponse response) {
        return response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
    }
}

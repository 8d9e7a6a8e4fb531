package io.glint.featurestore.schema;

import io.glint.core.aws.TableDefinitions;
import io.glint.core.config.ResourceNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * The feature store's tables. Each later feature adds its table here, and nowhere else.
 *
 * <p>{@link #FEATURES}: one item per entity ({@code user#<id>}, {@code item#<id>}), so that a request reads every
 * feature it needs in one {@code BatchGetItem}.
 */
public final class FeatureStoreTables implements TableDefinitions {
    /** Feature items, keyed by entity id such as {@code user#u1} or {@code item#p9}. */
    public static final TableSpec FEATURES = TableSpec.of("features", TableSpec.Key.string("entityId"));

    /** Accounts, keyed by the server-generated user id. */
    public static final TableSpec USERS = TableSpec.of("users", TableSpec.Key.string("userId"));

    /** Username to user id: written in the same transaction as the account, so that a name is taken once. */
    public static final TableSpec USERNAMES = TableSpec.of("usernames", TableSpec.Key.string("username"));

    /** Refresh tokens, keyed by the SHA-256 of the token (the token itself is never stored). */
    public static final TableSpec REFRESH_TOKENS =
            TableSpec.of("refresh-tokens", TableSpec.Key.string("tokenHash")).withTimeToLive("expiresAt");

    /** Uploads the API has handed out presigned URLs for, keyed by upload id; they say whose an object is. */
    public static final TableSpec UPLOADS = TableSpec.of("uploads", TableSpec.Key.string("uploadId"));

    /** The index of an owner's analysis results, newest first. */
    public static final String ANALYSIS_BY_OWNER = "byOwner";

    /** The index of an owner's analysis results of one verdict ({@code ownerVerdict} = {@code <ownerId>#<verdict>}). */
    public static final String ANALYSIS_BY_OWNER_VERDICT = "byOwnerVerdict";

    /** Upload analysis results, one per S3 object key, with indexes by owner and by owner and verdict. */
    public static final TableSpec ANALYSIS = TableSpec.of("analysis", TableSpec.Key.string("objectKey"))
            .withIndex(
                    ANALYSIS_BY_OWNER,
                    TableSpec.Key.string("ownerId"),
                    java.util.Optional.of(TableSpec.Key.string("analyzedAt")))
            .withIndex(
                    ANALYSIS_BY_OWNER_VERDICT,
                    TableSpec.Key.string("ownerVerdict"),
                    java.util.Optional.of(TableSpec.Key.string("analyzedAt")));

    /** The index of an author's posts, newest first by {@code createdAt} (ISO-8601, so it sorts as text). */
    public static final String POSTS_BY_AUTHOR = "byAuthor";

    /** Posts, keyed by post id, with an index by author and time. */
    public static final TableSpec POSTS = TableSpec.of("posts", TableSpec.Key.string("postId"))
            .withIndex(
                    POSTS_BY_AUTHOR,
                    TableSpec.Key.string("authorId"),
                    java.util.Optional.of(TableSpec.Key.string("createdAt")));

    /** The index of who follows a user: followee, then follower. */
    public static final String FOLLOWS_BY_FOLLOWEE = "byFollowee";

    /**
     * The sparse index of the edges to accounts whose posts are not fanned out (too many followers): only those edges
     * carry {@code pullFollowerId}, so a feed read finds the few accounts it must merge in without reading every
     * followee.
     */
    public static final String FOLLOWS_BY_PULL_FOLLOWER = "byPullFollower";

    /** Follow edges: follower, then followee; the reverse through {@link #FOLLOWS_BY_FOLLOWEE}. */
    public static final TableSpec FOLLOWS = TableSpec.of(
                    "follows", TableSpec.Key.string("followerId"), TableSpec.Key.string("followeeId"))
            .withIndex(
                    FOLLOWS_BY_FOLLOWEE,
                    TableSpec.Key.string("followeeId"),
                    java.util.Optional.of(TableSpec.Key.string("followerId")))
            .withIndex(
                    FOLLOWS_BY_PULL_FOLLOWER,
                    TableSpec.Key.string("pullFollowerId"),
                    java.util.Optional.of(TableSpec.Key.string("followeeId")));

    /** Likes: post, then user; one item per like, so liking twice is one like. */
    public static final TableSpec LIKES =
            TableSpec.of("likes", TableSpec.Key.string("postId"), TableSpec.Key.string("userId"));

    /** Comments: post, then comment id (which begins with its time, so a post's comments list in order). */
    public static final TableSpec COMMENTS =
            TableSpec.of("comments", TableSpec.Key.string("postId"), TableSpec.Key.string("commentId"));

    /**
     * Timeline inboxes: the reader, then {@code <createdAt>#<postId>} (fixed-width time, so newest first is reverse
     * key order). Entries expire ({@code expiresAt}); the feed reads only the newest pages.
     */
    public static final TableSpec FEED = TableSpec.of(
                    "feed", TableSpec.Key.string("userId"), TableSpec.Key.string("entryKey"))
            .withTimeToLive("expiresAt");

    /** Catalog products (items that are not posts), keyed by item id: title, categories, attributes, stock. */
    public static final TableSpec CATALOG = TableSpec.of("catalog", TableSpec.Key.string("itemId"));

    public static final List<TableSpec> ALL = List.of(
            FEATURES,
            USERS,
            USERNAMES,
            REFRESH_TOKENS,
            UPLOADS,
            POSTS,
            FOLLOWS,
            LIKES,
            COMMENTS,
            FEED,
            ANALYSIS,
            CATALOG);

    @Override
    public List<CreateTableRequest> tables(ResourceNames names) {
        return ALL.stream().map(table -> table.toCreateTableRequest(names)).toList();
    }

    @Override
    public Map<String, String> timeToLive(ResourceNames names) {
        Map<String, String> attributes = new HashMap<>();
        ALL.forEach(table -> table.timeToLive().ifPresent(ttl -> attributes.put(table.tableName(names), ttl)));
        return attributes;
    }
}

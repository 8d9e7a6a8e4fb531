package io.glint.api.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.api.ApiHarness;
import io.glint.domain.candidates.CandidateListBuilder;
import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.features.EngagerSketch;
import io.glint.domain.features.FeatureRepository;
import io.glint.domain.features.FeatureRepository.Stored;
import io.glint.domain.features.InteractionFold;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.featurestore.candidates.DynamoCandidateListRepository;
import io.glint.featurestore.catalog.DynamoCatalogRepository;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small world for recommendation tests, built with the production code paths: posts through the API, catalog
 * products through the catalog repository, and feature documents by folding interaction events with {@link
 * InteractionFold} (what the stream workers do), then the candidate lists as the indexer builds them.
 */
final class RecommendationWorld {
    private final ApiHarness api;
    private final FeatureRepository features;
    private final Map<String, UserFeatures> users = new LinkedHashMap<>();
    private final Map<String, ItemFeatures> items = new LinkedHashMap<>();
    private final Map<String, EngagerSketch> engagers = new HashMap<>();
    private final Vertx vertx;
    private final TestStack stack;
    private long sequence = 1_000_000;

    RecommendationWorld(Vertx vertx, TestStack stack, ApiHarness api) {
        this.vertx = vertx;
        this.stack = stack;
        this.api = api;
        this.features =
                new DynamoFeatureRepository(vertx, stack.clients().dynamoDb(), stack.names(), Clock.systemUTC());
    }

    /** A published post of {@code author}, whose image analysis found these labels and categories. */
    String publishedPost(JsonObject author, String caption, List<String> labels, List<String> categories) {
        String postId = post(author, caption);
        api.publish(postId);
        item(postId).labels(labels, categories);
        item(postId).authorId(author.getString("userId"));
        return postId;
    }

    /** A post that stays processing (not analysed yet). */
    String post(JsonObject author, String caption) {
        var created = api.post(
                "/v1/posts",
                author.getString("accessToken"),
                new JsonObject().put("uploadId", api.upload(author, false)).put("caption", caption));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        return created.bodyAsJsonObject().getString("postId");
    }

    /** Catalog products, stored, with their categories in their features. */
    void products(List<CatalogItem> products) {
        new DynamoCatalogRepository(vertx, stack.clients().dynamoDb(), stack.names())
                .putAll(products)
                .await();
        products.forEach(product -> item(product.itemId()).labels(List.of(), product.categories()));
    }

    /** Folds one interaction into the user's and the item's features, as the stream workers would. */
    void interact(String userId, EventType type, String itemId, Instant at) {
        UserFeatures user = users.computeIfAbsent(userId, UserFeatures::empty);
        ItemFeatures item = item(itemId);
        String position = Long.toString(sequence++);
        InteractionEvent event = InteractionEvent.create(type, userId, itemId, at);
        if (InteractionFold.isEngagement(type)) {
            for (String earlier : InteractionFold.engagedBefore(user, position, itemId)) {
                InteractionFold.coEngage(item, earlier);
                InteractionFold.coEngage(item(earlier), itemId);
            }
        }
        InteractionFold.applyToUser(user, event, position, item);
        EngagerSketch sketch = engagers.computeIfAbsent(itemId, ignored -> item.engagers());
        InteractionFold.applyToItem(item, sketch, event);
        item.engagers(sketch);
    }

    /** Writes every feature document and builds the candidate lists from them. */
    void store(Instant now) {
        users.values().forEach(user -> assertThat(features.putUser(new Stored<>(user.userId(), 1, Map.of(), user))
                        .await())
                .isTrue());
        CandidateListBuilder lists = new CandidateListBuilder();
        items.values().forEach(item -> {
            assertThat(features.putItem(new Stored<>(item.itemId(), 1, Map.of(), item))
                            .await())
                    .isTrue();
            lists.add(item.view(now, 1));
        });
        new DynamoCandidateListRepository(vertx, stack.clients().dynamoDb(), stack.names())
                .write(lists.build(now))
                .await();
    }

    static CatalogItem product(String id, String title, String category, boolean active, Optional<Long> stock) {
        return new CatalogItem(id, title, List.of(category), Map.of(), active, stock, Instant.now());
    }

    private ItemFeatures item(String itemId) {
        return items.computeIfAbsent(itemId, ItemFeatures::empty);
    }
}

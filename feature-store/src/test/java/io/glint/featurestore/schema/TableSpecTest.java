package io.glint.featurestore.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.core.aws.TableDefinitions;
import io.glint.core.config.ResourceNames;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

class TableSpecTest {
    private static final ResourceNames NAMES =
            new ResourceNames("test-", "s", "bucket", "q", "dlq", "archive", "models");

    @Test
    void aTableBecomesAnOnDemandCreateRequestUnderThePrefix() {
        TableSpec spec = TableSpec.of("posts", TableSpec.Key.string("postId"), TableSpec.Key.number("ts"))
                .withIndex("byAuthor", TableSpec.Key.string("authorId"), Optional.of(TableSpec.Key.number("ts")));

        CreateTableRequest request = spec.toCreateTableRequest(NAMES);

        assertThat(request.tableName()).isEqualTo("test-posts");
        assertThat(request.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(request.keySchema())
                .extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("postId:" + KeyType.HASH, "ts:" + KeyType.RANGE);
        // Each key attribute is defined once, even when an index shares it.
        assertThat(request.attributeDefinitions())
                .extracting(a -> a.attributeName())
                .containsExactlyInAnyOrder("postId", "ts", "authorId");
        assertThat(request.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.indexName()).isEqualTo("byAuthor");
            assertThat(index.projection().projectionTypeAsString()).isEqualTo("ALL");
        });
    }

    @Test
    void theFeatureStorePublishesItsTablesThroughTheSpi() {
        assertThat(TableDefinitions.discover(NAMES))
                .extracting(CreateTableRequest::tableName)
                .contains("test-features");
    }
}

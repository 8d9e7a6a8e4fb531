package io.glint.featurestore.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.catalog.CatalogRepository;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class CatalogRepositoryIT {
    private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void itemsRoundTripInBatchesAndKnowWhetherTheyMayBeRecommended(Vertx vertx, TestStack stack) {
        CatalogRepository catalog =
                new DynamoCatalogRepository(vertx, stack.clients().dynamoDb(), stack.names());
        List<CatalogItem> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(new CatalogItem(
                    "film-" + i,
                    "Film " + i,
                    List.of("Drama"),
                    Map.of("year", "199" + (i % 10)),
                    true,
                    Optional.empty(),
                    AT));
        }
        items.add(new CatalogItem("sold-out", "Print", List.of("Art"), Map.of(), true, Optional.of(0L), AT));
        items.add(new CatalogItem("retired", "Mug", List.of(), Map.of(), false, Optional.of(5L), AT));

        catalog.putAll(items).await();
        List<CatalogItem> found = catalog.findAll(List.of("film-0", "film-59", "sold-out", "retired", "missing"))
                .await();

        assertThat(found)
                .extracting(CatalogItem::itemId)
                .containsExactlyInAnyOrder("film-0", "film-59", "sold-out", "retired");
        assertThat(found)
                .filteredOn(CatalogItem::available)
                .extracting(CatalogItem::itemId)
                .containsExactlyInAnyOrder("film-0", "film-59");
        assertThat(found)
                .filteredOn(item -> item.itemId().equals("film-59"))
                .singleElement()
                .isEqualTo(items.get(59));
    }
}

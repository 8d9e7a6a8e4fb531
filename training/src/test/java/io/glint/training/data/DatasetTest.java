package io.glint.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetTest {
    @Test
    void sortsByTimeKeepingArrivalOrderForTiesAndKnowsTheCatalogue() {
        Catalog catalog = new Catalog(Map.of("never", new Catalog.Entry("never", "Never seen", List.of("x"))));
        Dataset.Builder builder = Dataset.builder(catalog);
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        builder.accept("u1", "b", EventType.VIEW, t.plusSeconds(10), Map.of());
        builder.accept("u1", "a", EventType.VIEW, t, Map.of());
        builder.accept("u1", "a", EventType.LIKE, t, Map.of());
        builder.accept("u2", "u1", EventType.FOLLOW, t.plusSeconds(5), Map.of());
        Dataset data = builder.build(4, "test");

        assertThat(data.size()).isEqualTo(4);
        assertThat(data.type(0)).isEqualTo(EventType.VIEW);
        assertThat(data.itemId(data.item(0))).isEqualTo("a");
        assertThat(data.type(1)).isEqualTo(EventType.LIKE);
        assertThat(data.type(2)).isEqualTo(EventType.FOLLOW);
        assertThat(data.ts(3)).isEqualTo(t.plusSeconds(10));
        // The catalog's item and the items of item events; the followed user is not an item.
        assertThat(data.catalogueSize()).isEqualTo(3);
        assertThat(data.inCatalogue(data.itemIndex("never"))).isTrue();
        assertThat(data.inCatalogue(data.itemIndex("u1"))).isFalse();
    }
}

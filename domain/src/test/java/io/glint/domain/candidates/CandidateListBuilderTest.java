package io.glint.domain.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import io.glint.domain.features.EngagerSketch;
import io.glint.domain.features.InteractionFold;
import io.glint.domain.features.ItemFeatures;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CandidateListBuilderTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void popularRanksByDistinctEngagersAndTrendingHoldsOnlyRecentActivity() {
        CandidateListBuilder builder = new CandidateListBuilder(2);
        builder.add(item("old-favourite", 9, NOW.minus(Duration.ofDays(30)), List.of()));
        builder.add(item("rising", 3, NOW.minus(Duration.ofMinutes(10)), List.of()));
        builder.add(item("quiet", 1, NOW.minus(Duration.ofDays(40)), List.of()));

        Map<String, CandidateList> lists = byName(builder.build(NOW));

        assertThat(ids(lists.get(CandidateList.POPULAR))).containsExactly("old-favourite", "rising");
        assertThat(ids(lists.get(CandidateList.TRENDING))).containsExactly("rising");
        assertThat(builder.items()).isEqualTo(3);
    }

    @Test
    void eachCategoryAndLabelHasItsOwnList() {
        CandidateListBuilder builder = new CandidateListBuilder();
        builder.add(item("a", 2, NOW, List.of("Drama")));
        builder.add(item("b", 5, NOW, List.of("Drama", "Comedy")));
        ItemFeatures labelled = ItemFeatures.empty("c");
        labelled.labels(List.of("Dog"), List.of("Animals and Pets"));
        builder.add(labelled.view(NOW, 1));

        Map<String, CandidateList> lists = byName(builder.build(NOW));

        assertThat(ids(lists.get(CandidateList.category("Drama")))).containsExactly("b", "a");
        assertThat(ids(lists.get(CandidateList.category("comedy")))).containsExactly("b");
        assertThat(ids(lists.get(CandidateList.label("dog")))).containsExactly("c");
        assertThat(ids(lists.get(CandidateList.category("Animals and Pets")))).containsExactly("c");
        // The directory names every category and label list, the most items first.
        assertThat(ids(lists.get(CandidateList.DIRECTORY)))
                .containsExactly("category:drama", "category:animals and pets", "category:comedy", "label:dog");
        assertThat(lists.get(CandidateList.DIRECTORY).entries().get(0).score()).isEqualTo(2);
        assertThat(CandidateList.labelOf("label:dog")).isEqualTo("dog");
        assertThat(CandidateList.categoryOf("label:dog")).isNull();
        assertThat(CandidateList.categoryOf("category:drama")).isEqualTo("drama");
    }

    @Test
    void listNamesAreNormalisedSoAnyTextIsAKey() {
        assertThat(CandidateList.category(" Sci-Fi ")).isEqualTo("category:sci-fi");
        assertThat(CandidateList.label("Dog/Cat#1")).isEqualTo("label:dogcat1");
    }

    private static ItemFeatures.View item(String id, int engagers, Instant at, List<String> categories) {
        ItemFeatures item = ItemFeatures.empty(id);
        item.labels(List.of(), categories);
        EngagerSketch sketch = item.engagers();
        for (int i = 0; i < engagers; i++) {
            InteractionFold.applyToItem(item, sketch, InteractionEvent.create(EventType.VIEW, "u" + i, id, at));
        }
        item.engagers(sketch);
        return item.view(NOW, 1);
    }

    private static Map<String, CandidateList> byName(List<CandidateList> lists) {
        return lists.stream().collect(Collectors.toMap(CandidateList::name, Function.identity()));
    }

    private static List<String> ids(CandidateList list) {
        return list.entries().stream().map(CandidateList.Entry::itemId).toList();
    }
}

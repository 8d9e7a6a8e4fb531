package io.glint.domain.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Timeline sort keys, as written and as a cursor may bring them back. */
class FeedEntryTest {
    @Test
    void theSortKeyOfAnEntryIsRecognisedAsOne() {
        FeedEntry entry = new FeedEntry("post-1", "ana", Instant.parse("2026-12-08T10:00:00.000123Z"));

        assertThat(entry.sortKey()).isEqualTo("2026-12-08T10:00:00.000123Z#post-1");
        assertThat(FeedEntry.isSortKey(entry.sortKey())).isTrue();
    }

    @Test
    void keysWithoutATimeOrAPostAreNotSortKeys() {
        assertThat(FeedEntry.isSortKey(null)).isFalse();
        assertThat(FeedEntry.isSortKey("")).isFalse();
        assertThat(FeedEntry.isSortKey("#")).isFalse();
        assertThat(FeedEntry.isSortKey("no-time-here")).isFalse();
        assertThat(FeedEntry.isSortKey("2026-12-08T10:00:00.000123Z#")).isFalse();
        assertThat(FeedEntry.isSortKey("2026-12-08T10:00:00.000123Zpost-1")).isFalse();
        assertThat(FeedEntry.isSortKey("2026-13-08T10:00:00.000123Z#post-1")).isFalse();
        assertThat(FeedEntry.isSortKey("not-a-time-of-27-characters#post-1")).isFalse();
    }
}

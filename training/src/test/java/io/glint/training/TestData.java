package io.glint.training;

import io.glint.events.EventType;
import io.glint.training.data.Catalog;
import io.glint.training.data.Dataset;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tiny hand-made data sets: one event per line, {@code user item type minutes}. */
public final class TestData {
    public static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private TestData() {}

    public static Dataset dataset(String events) {
        return dataset(Catalog.empty(), events);
    }

    public static Dataset dataset(Catalog catalog, String events) {
        Dataset.Builder builder = Dataset.builder(catalog);
        long lines = 0;
        for (String line : events.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            lines++;
            String[] fields = line.trim().split("\\s+");
            builder.accept(
                    fields[0],
                    fields[1],
                    EventType.fromWireName(fields[2]),
                    T0.plusSeconds(60L * Long.parseLong(fields[3])),
                    Map.of());
        }
        return builder.build(lines, "test");
    }

    /** A catalog of items each in the given category: {@code "a:x", "b:y"}. */
    public static Catalog catalog(String... itemCategory) {
        Map<String, Catalog.Entry> items = new LinkedHashMap<>();
        for (String pair : itemCategory) {
            String[] parts = pair.split(":");
            items.put(parts[0], new Catalog.Entry(parts[0], parts[0].toUpperCase(), List.of(parts[1])));
        }
        return new Catalog(items);
    }

    /** The index of the first event of the user on the item with the type. */
    public static int event(Dataset data, String user, String item, EventType type) {
        for (int k = 0; k < data.size(); k++) {
            if (data.userId(data.user(k)).equals(user)
                    && data.itemId(data.item(k)).equals(item)
                    && data.type(k) == type) {
                return k;
            }
        }
        throw new AssertionError("no " + type + " of " + user + " on " + item);
    }
}

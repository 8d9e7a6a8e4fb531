package io.glint.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InteractionEventTest {
    private static final Instant TS = Instant.parse("2025-05-01T10:15:30.123456Z");

    private static InteractionEvent like() {
        return new InteractionEvent(
                "evt-1", "u-42", "p-7", EventType.LIKE, TS, Map.of("surface", "feed", "position", "3"), 1);
    }

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encodesToTheDocumentedJsonAndBack() {
        InteractionEvent event = like();

        String json = new String(event.encode(), StandardCharsets.UTF_8);

        assertThat(json)
                .isEqualTo(
                        "{\"v\":1,\"eventId\":\"evt-1\",\"type\":\"like\",\"userId\":\"u-42\",\"itemId\":\"p-7\","
                                + "\"ts\":\"2025-05-01T10:15:30.123456Z\",\"context\":{\"position\":\"3\",\"surface\":\"feed\"}}");
        assertThat(InteractionEvent.decode(event.encode())).isEqualTo(event);
    }

    @Test
    void everyTypeKeepsItsWireNameAndSurvivesARoundTrip() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::wireName))
                .containsExactly(
                        "view",
                        "impression",
                        "like",
                        "unlike",
                        "comment",
                        "follow",
                        "unfollow",
                        "post_created",
                        "post_published",
                        "purchase");
        for (EventType type : EventType.values()) {
            InteractionEvent event = InteractionEvent.create(type, "u-1", "i-1", TS);
            assertThat(InteractionEvent.decode(event.encode())).isEqualTo(event);
        }
    }

    @Test
    void createdEventsHaveUniqueSafeIdsAndAnEmptyContext() {
        InteractionEvent first = InteractionEvent.create(EventType.VIEW, "u-1", "p-1", TS);
        InteractionEvent second = InteractionEvent.create(EventType.VIEW, "u-1", "p-1", TS);

        assertThat(first.eventId()).matches("[0-9a-f]{32}").isNotEqualTo(second.eventId());
        assertThat(first.context()).isEmpty();
        assertThat(first.v()).isEqualTo(InteractionEvent.SCHEMA_VERSION);
    }

    @Test
    void aMissingContextDecodesAsEmptyAndUnknownFieldsAreIgnored() {
        InteractionEvent event = InteractionEvent.decode(
                utf8("{\"v\":1,\"eventId\":\"e1\",\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"p\","
                        + "\"ts\":\"2025-05-01T10:15:30Z\",\"addedLater\":true}"));

        assertThat(event.context()).isEmpty();
        assertThat(event.type()).isEqualTo(EventType.VIEW);
    }

    @Test
    void theContextIsACopyThatCannotChange() {
        Map<String, String> context = new HashMap<>(Map.of("surface", "feed"));
        InteractionEvent event = InteractionEvent.create(EventType.VIEW, "u", "p", TS, context);
        context.put("surface", "profile");

        assertThat(event.context()).containsExactly(Map.entry("surface", "feed"));
        assertThatThrownBy(() -> event.context().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidFieldsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new InteractionEvent("has space", "u", "p", EventType.LIKE, TS, Map.of(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventId");
        assertThatThrownBy(() -> new InteractionEvent("", "u", "p", EventType.LIKE, TS, Map.of(), 1))
                .hasMessageContaining("eventId");
        assertThatThrownBy(() -> new InteractionEvent("e".repeat(65), "u", "p", EventType.LIKE, TS, Map.of(), 1))
                .hasMessageContaining("eventId");
        assertThatThrownBy(() -> InteractionEvent.create(EventType.LIKE, " ", "p", TS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userId");
        assertThatThrownBy(() -> InteractionEvent.create(EventType.LIKE, "u", "p".repeat(129), TS))
                .hasMessageContaining("itemId");
        assertThatThrownBy(() -> InteractionEvent.create(EventType.LIKE, "u\n", "p", TS))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> InteractionEvent.create(EventType.LIKE, "u", "p", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ts");
        assertThatThrownBy(() -> InteractionEvent.create(null, "u", "p", TS))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("type");
        assertThatThrownBy(() -> new InteractionEvent("e", "u", "p", EventType.LIKE, TS, Map.of(), 2))
                .hasMessageContaining("unsupported schema version v=2");
    }

    @Test
    void theContextIsBoundedInEntriesKeysAndValues() {
        Map<String, String> seventeen = new HashMap<>();
        for (int i = 0; i < 17; i++) {
            seventeen.put("k" + i, "v");
        }
        assertThatThrownBy(() -> InteractionEvent.create(EventType.VIEW, "u", "p", TS, seventeen))
                .hasMessageContaining("at most 16 entries");
        assertThatThrownBy(() -> InteractionEvent.create(EventType.VIEW, "u", "p", TS, Map.of("Bad Key", "v")))
                .hasMessageContaining("context key");
        assertThatThrownBy(() -> InteractionEvent.create(EventType.VIEW, "u", "p", TS, Map.of("k".repeat(33), "v")))
                .hasMessageContaining("context key");
        assertThatThrownBy(() -> InteractionEvent.create(EventType.VIEW, "u", "p", TS, Map.of("k", "v".repeat(257))))
                .hasMessageContaining("257 characters");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertThatThrownBy(() -> InteractionEvent.create(EventType.VIEW, "u", "p", TS, nullValue))
                .hasMessageContaining("is null");
    }

    @Test
    void anUnknownTypeIsAMalformedEventThatNamesTheType() {
        assertThatThrownBy(() -> InteractionEvent.decode(utf8("{\"v\":1,\"eventId\":\"e1\",\"type\":\"poke\","
                        + "\"userId\":\"u\",\"itemId\":\"p\",\"ts\":\"2025-05-01T10:15:30Z\"}")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("Malformed interaction event: unknown event type 'poke'");
    }

    @Test
    void malformedRecordsAreRefusedWithAClearReason() {
        assertThatThrownBy(() -> InteractionEvent.decode(utf8("not json")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("Malformed interaction event: ");
        assertThatThrownBy(() -> InteractionEvent.decode(utf8("null")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("JSON null");
        assertThatThrownBy(() -> InteractionEvent.decode(utf8("[1,2]"))).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> InteractionEvent.decode(new byte[0])).isInstanceOf(MalformedEventException.class);
        // A missing field.
        assertThatThrownBy(() -> InteractionEvent.decode(utf8("{\"v\":1,\"eventId\":\"e1\",\"type\":\"like\","
                        + "\"itemId\":\"p\",\"ts\":\"2025-05-01T10:15:30Z\"}")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("userId");
        // A field that breaks a rule.
        assertThatThrownBy(() -> InteractionEvent.decode(utf8("{\"v\":1,\"eventId\":\"e 1\",\"type\":\"like\","
                        + "\"userId\":\"u\",\"itemId\":\"p\",\"ts\":\"2025-05-01T10:15:30Z\"}")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("eventId");
        // A timestamp that is not one.
        assertThatThrownBy(() -> InteractionEvent.decode(utf8("{\"v\":1,\"eventId\":\"e1\",\"type\":\"like\","
                        + "\"userId\":\"u\",\"itemId\":\"p\",\"ts\":\"yesterday\"}")))
                .isInstanceOf(MalformedEventException.class);
        // Another schema version, and none at all.
        assertThatThrownBy(() -> InteractionEvent.decode(utf8("{\"v\":2,\"eventId\":\"e1\",\"type\":\"like\","
                        + "\"userId\":\"u\",\"itemId\":\"p\",\"ts\":\"2025-05-01T10:15:30Z\"}")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("v=2");
        assertThatThrownBy(() -> InteractionEvent.decode(utf8("{\"eventId\":\"e1\",\"type\":\"like\","
                        + "\"userId\":\"u\",\"itemId\":\"p\",\"ts\":\"2025-05-01T10:15:30Z\"}")))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aHugeUnknownTypeIsQuotedShortInTheMessage() {
        String huge = "x".repeat(10_000);
        assertThatThrownBy(() -> InteractionEvent.decode(utf8("{\"v\":1,\"eventId\":\"e1\",\"type\":\"" + huge
                        + "\",\"userId\":\"u\",\"itemId\":\"p\",\"ts\":\"2025-05-01T10:15:30Z\"}")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("(10000 characters)")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void theLargestValidEventEncodesToUnder32KiB() {
        String id = "\u20ac".repeat(InteractionEvent.MAX_ID_LENGTH); // three bytes each in UTF-8
        Map<String, String> context = new HashMap<>();
        for (int i = 0; i < InteractionEvent.MAX_CONTEXT_ENTRIES; i++) {
            String key = ("k" + i + "x".repeat(InteractionEvent.MAX_CONTEXT_KEY_LENGTH)).substring(0, 32);
            // Control characters are escaped as six bytes each: the costliest value.
            context.put(key, "\u0001".repeat(InteractionEvent.MAX_CONTEXT_VALUE_LENGTH));
        }
        InteractionEvent largest = new InteractionEvent(
                "e".repeat(64), id, id, EventType.POST_PUBLISHED, TS, context, InteractionEvent.SCHEMA_VERSION);

        assertThat(largest.encode().length).isGreaterThan(20 * 1024).isLessThan(32 * 1024);
        assertThat(InteractionEvent.decode(largest.encode())).isEqualTo(largest);
    }
}

package io.glint.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.glint.core.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One thing a user did, as it travels on the interactions stream: {@code userId} did {@code type} to {@code itemId} at
 * {@code ts}. On the wire it is one JSON object per Kinesis record, partitioned by {@code userId}:
 *
 * <pre>{@code
 * {"v":1,"eventId":"3f0c…","type":"like","userId":"u-42","itemId":"p-7","ts":"2025-05-01T10:15:30.123Z","context":{"surface":"feed"}}
 * }</pre>
 *
 * <p>Consumers may see an event twice (Kinesis and KCL deliver at least once), so {@code eventId} is the idempotency
 * key. The compact constructor validates every field, so an instance is always well formed, whether built by a producer
 * or decoded from the stream.
 *
 * @param eventId unique id, 1–64 characters of {@code [A-Za-z0-9_-]} (the factories use a random UUID)
 * @param userId who acted; also the Kinesis partition key, so one user's events share a shard. 1–{@value
 *     #MAX_ID_LENGTH} characters, not blank, no control characters
 * @param itemId what was acted on: a post for view, like or comment, the other user for follow. Same rules as userId
 * @param type what happened
 * @param ts when it happened (the producer's clock)
 * @param context small optional facts (surface, position, ranking model…): at most {@value #MAX_CONTEXT_ENTRIES}
 *     entries, keys {@code [a-z][A-Za-z0-9_.-]*} of at most {@value #MAX_CONTEXT_KEY_LENGTH} characters, values at most
 *     {@value #MAX_CONTEXT_VALUE_LENGTH} characters; {@code null} means empty. Kept sorted by key, so the same event
 *     always encodes to the same bytes
 * @param v the schema version; this code writes and reads {@value #SCHEMA_VERSION}
 */
@JsonPropertyOrder({"v", "eventId", "type", "userId", "itemId", "ts", "context"})
public record InteractionEvent(
        String eventId, String userId, String itemId, EventType type, Instant ts, Map<String, String> context, int v) {

    /** The version this code writes; a record of another version is refused as malformed. */
    public static final int SCHEMA_VERSION = 1;

    public static final int MAX_EVENT_ID_LENGTH = 64;
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_CONTEXT_ENTRIES = 16;
    public static final int MAX_CONTEXT_KEY_LENGTH = 32;
    public static final int MAX_CONTEXT_VALUE_LENGTH = 256;

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_EVENT_ID_LENGTH + "}");
    private static final Pattern CONTEXT_KEY =
            Pattern.compile("[a-z][A-Za-z0-9_.-]{0," + (MAX_CONTEXT_KEY_LENGTH - 1) + "}");

    // Additive fields must not break consumers that are deployed before producers learn to write them, so the reader
    // ignores properties it does not know (unlike request bodies, where an unknown property is refused). Anything that
    // changes the meaning of a field bumps v instead.
    private static final ObjectReader READER =
            Json.mapper().readerFor(InteractionEvent.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Validates every field.
     *
     * @throws NullPointerException when {@code eventId}, {@code userId}, {@code itemId}, {@code type} or {@code ts} is
     *     null
     * @throws IllegalArgumentException when a field breaks a rule above (the message names the field)
     */
    public InteractionEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ts, "ts");
        if (!EVENT_ID.matcher(eventId).matches()) {
            throw new IllegalArgumentException("eventId must be 1-" + MAX_EVENT_ID_LENGTH
                    + " characters of letters, digits, '_' and '-', but is " + quote(eventId));
        }
        checkId("userId", userId);
        checkId("itemId", itemId);
        context = checkContext(context);
        if (v != SCHEMA_VERSION) {
            throw new IllegalArgumentException(
                    "unsupported schema version v=" + v + "; this reader knows v=" + SCHEMA_VERSION);
        }
    }

    /** A new event of the current schema version with a random {@code eventId}. */
    public static InteractionEvent create(
            EventType type, String userId, String itemId, Instant ts, Map<String, String> context) {
        return new InteractionEvent(newEventId(), userId, itemId, type, ts, context, SCHEMA_VERSION);
    }

    /** A new event without context. */
    public static InteractionEvent create(EventType type, String userId, String itemId, Instant ts) {
        return create(type, userId, itemId, ts, Map.of());
    }

    /** A random event id: a UUID without its dashes (32 characters). */
    public static String newEventId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The event as UTF-8 JSON, the bytes of one Kinesis record. */
    public byte[] encode() {
        return Json.write(this);
    }

    /**
     * Reads one record's bytes.
     *
     * @throws MalformedEventException when the bytes are not JSON, not an object, miss a field, have a field of the
     *     wrong type or breaking a rule of the constructor, name an unknown {@link EventType}, or carry another schema
     *     version. The message says which; the stream workers count and dead-letter such records.
     * @throws NullPointerException when {@code bytes} is null
     */
    public static InteractionEvent decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        InteractionEvent event;
        try {
            event = READER.readValue(bytes);
        } catch (ValueInstantiationException e) {
            // The constructor's or EventType's own message is the clear one; Jackson's wraps it in type names.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MalformedEventException(String.valueOf(cause.getMessage()), e);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            String reason = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new MalformedEventException(reason, e);
        } catch (IOException e) {
            throw new MalformedEventException("unreadable: " + e.getMessage(), e);
        }
        if (event == null) {
            throw new MalformedEventException("the record is JSON null, not an event", null);
        }
        return event;
    }

    private static void checkId(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank() || value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    field + " must be 1-" + MAX_ID_LENGTH + " characters and not blank, but is " + quote(value));
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " must not contain control characters: " + quote(value));
        }
    }

    private static Map<String, String> checkContext(Map<String, String> context) {
        if (context == null || context.isEmpty()) {
            return Map.of();
        }
        if (context.size() > MAX_CONTEXT_ENTRIES) {
            throw new IllegalArgumentException(
                    "context may hold at most " + MAX_CONTEXT_ENTRIES + " entries, but has " + context.size());
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        context.forEach((key, value) -> {
            if (key == null || !CONTEXT_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException(
                        "context key must match " + CONTEXT_KEY.pattern() + ", but is " + quote(key));
            }
            if (value == null) {
                throw new IllegalArgumentException("context value of '" + key + "' is null");
            }
            if (value.length() > MAX_CONTEXT_VALUE_LENGTH) {
                throw new IllegalArgumentException("context value of '" + key + "' is " + value.length()
                        + " characters long; at most " + MAX_CONTEXT_VALUE_LENGTH + " are allowed");
            }
            sorted.put(key, value);
        });
        return Collections.unmodifiableMap(sorted);
    }

    /** A value for an error message: quoted, and cut short so that a hostile record cannot make the log line huge. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 80
                ? "'" + value + "'"
                : "'" + value.substring(0, 80) + "…' (" + value.length() + " characters)";
    }
}

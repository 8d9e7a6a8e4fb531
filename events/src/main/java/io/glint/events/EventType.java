package io.glint.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a user did. Each type has a stable wire name, written to the stream and read by the stream workers and the
 * training job; the Java constant may be renamed, the wire name never. New types are added at the end; a reader that
 * does not know a type refuses the record (see {@link InteractionEvent#decode(byte[])}), so consumers are deployed
 * before producers start writing a new type.
 */
public enum EventType {
    VIEW("view"),
    IMPRESSION("impression"),
    LIKE("like"),
    UNLIKE("unlike"),
    COMMENT("comment"),
    FOLLOW("follow"),
    UNFOLLOW("unfollow"),
    POST_CREATED("post_created"),
    POST_PUBLISHED("post_published"),
    PURCHASE("purchase");

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire, e.g. {@code post_created}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The type with this wire name.
     *
     * @throws IllegalArgumentException when no type has that name (the message quotes it)
     */
    @JsonCreator
    public static EventType fromWireName(String wireName) {
        EventType type = wireName == null ? null : BY_WIRE_NAME.get(wireName);
        if (type == null) {
            throw new IllegalArgumentException("unknown event type " + InteractionEvent.quote(wireName));
        }
        return type;
    }

    @Override
    public String toString() {
        return wireName;
    }
}

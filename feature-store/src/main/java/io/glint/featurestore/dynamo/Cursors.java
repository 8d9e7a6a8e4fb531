package io.glint.featurestore.dynamo;

import com.fasterxml.jackson.core.type.TypeReference;
import io.glint.core.error.InvalidException;
import io.glint.core.json.Json;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Page cursors: a query's {@code LastEvaluatedKey} (string attributes only) as base64url JSON. A cursor handed back
 * is checked before use: exactly the key's attributes, each a non-empty value of bounded length, and the partition it
 * was made for, so that a client cannot page through another partition with an edited cursor, and a forged one is a
 * 400, never a key the store refuses.
 */
public final class Cursors {
    /**
     * The longest key value a cursor may carry: longer than any id or sort key Glint writes (ids are at most 128
     * characters), far below DynamoDB's key limits, so that a forged value is refused here rather than by the store.
     */
    static final int MAX_VALUE_LENGTH = 256;

    private Cursors() {}

    public static String encode(Map<String, AttributeValue> lastEvaluatedKey) {
        Map<String, String> plain = new HashMap<>();
        lastEvaluatedKey.forEach((name, value) -> plain.put(name, value.s()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(plain));
    }

    /**
     * The key a cursor stands for.
     *
     * @param attributes the attribute names a key of this query has
     * @param partition attribute and value the key must have (the partition being paged)
     * @throws InvalidException when the cursor is not one {@link #encode} made for this partition
     */
    public static Map<String, AttributeValue> decode(
            String cursor, Set<String> attributes, String partitionName, String partitionValue) {
        Map<String, String> plain;
        try {
            plain = Json.mapper()
                    .readValue(Base64.getUrlDecoder().decode(cursor), new TypeReference<Map<String, String>>() {});
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidException("the cursor is not one this API returned");
        }
        if (plain == null
                || !plain.keySet().equals(attributes)
                || plain.values().stream()
                        .anyMatch(value -> value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH)
                || !partitionValue.equals(plain.get(partitionName))) {
            throw new InvalidException("the cursor is not one this API returned for this list");
        }
        Map<String, AttributeValue> key = new HashMap<>();
        plain.forEach((name, value) -> key.put(name, AttributeValue.fromS(value)));
        return key;
    }
}

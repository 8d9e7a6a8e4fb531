package io.glint.streams.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the S3 event notifications that arrive on an SQS queue (event structure 2.x), trusting only the fields it
 * needs. What is not an {@code ObjectCreated} record (the {@code s3:TestEvent} S3 sends when a configuration is set,
 * other event types, messages from something else entirely) yields nothing, so the consumer acknowledges it and moves
 * on rather than retrying what can never succeed.
 */
public final class S3Notifications {
    private S3Notifications() {}

    /** What a message body says was created; empty for test events, other events and bodies that are not S3's. */
    public static List<ObjectCreated> objectsCreated(String body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException e) {
            return List.of();
        }
        if (root == null || !root.path("Records").isArray()) {
            return List.of();
        }
        List<ObjectCreated> created = new ArrayList<>();
        for (JsonNode record : root.path("Records")) {
            if (!"aws:s3".equals(record.path("eventSource").asText())
                    || !record.path("eventName").asText().startsWith("ObjectCreated:")) {
                continue;
            }
            JsonNode s3 = record.path("s3");
            String bucket = s3.path("bucket").path("name").asText("");
            String key = s3.path("object").path("key").asText("");
            if (bucket.isEmpty() || key.isEmpty()) {
                continue;
            }
            created.add(new ObjectCreated(
                    bucket,
                    URLDecoder.decode(key, StandardCharsets.UTF_8),
                    s3.path("object").path("size").asLong(-1),
                    s3.path("object").path("eTag").asText(""),
                    s3.path("object").path("sequencer").asText("")));
        }
        return created;
    }

    /** Whether the body is the {@code s3:TestEvent} S3 sends when a bucket's notifications are configured. */
    public static boolean isTestEvent(String body) {
        try {
            JsonNode root = Json.mapper().readTree(body);
            return root != null && "s3:TestEvent".equals(root.path("Event").asText());
        } catch (IOException e) {
            return false;
        }
    }
}

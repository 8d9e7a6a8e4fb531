package io.glint.streams.analysis;

import java.util.Objects;

/**
 * An object that arrived in a bucket, as an S3 {@code ObjectCreated} notification names it.
 *
 * @param key decoded (S3 URL-encodes it in notifications)
 * @param eTag without quotes: with the key, the identity of this version of the object
 * @param sequencer orders events for one key (a later event has a greater value, compared as hexadecimal)
 */
public record ObjectCreated(String bucket, String key, long size, String eTag, String sequencer) {
    public ObjectCreated {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eTag, "eTag");
    }
}

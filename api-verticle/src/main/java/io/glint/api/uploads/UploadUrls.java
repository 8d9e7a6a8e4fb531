package io.glint.api.uploads;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Signs the URLs clients upload to. Signing is local computation (no I/O), so it is safe on an event loop. */
public interface UploadUrls {
    /**
     * A URL for one PUT of exactly this key, type and size, valid for {@code ttl}.
     *
     * @param url where to PUT
     * @param headers the headers the client must send with it (signed into the URL)
     * @param expiresAt when the URL stops working
     */
    record SignedPut(String url, Map<String, String> headers, Instant expiresAt) {}

    SignedPut signPut(String objectKey, String contentType, long size, Duration ttl);
}

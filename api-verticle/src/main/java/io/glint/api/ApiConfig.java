package io.glint.api;

import io.glint.core.config.Env;

/**
 * The API verticle's settings.
 *
 * @param host the interface to listen on ({@code GLINT_HTTP_HOST}, default 0.0.0.0)
 * @param port the port ({@code GLINT_HTTP_PORT}, default 8080)
 * @param maxBodyBytes the largest request body accepted; larger ones get 413 ({@code GLINT_MAX_BODY_BYTES}, default
 *     256 KiB: API bodies are JSON, image bytes go straight to S3)
 */
public record ApiConfig(String host, int port, int maxBodyBytes) {
    public static final String HOST = "GLINT_HTTP_HOST";
    public static final String PORT = "GLINT_HTTP_PORT";
    public static final String MAX_BODY_BYTES = "GLINT_MAX_BODY_BYTES";

    public static ApiConfig from(Env env) {
        return new ApiConfig(
                env.string(HOST, "0.0.0.0"),
                env.integer(PORT, 8080, 0, 65535),
                env.integer(MAX_BODY_BYTES, 256 * 1024, 1024, 64 * 1024 * 1024));
    }
}

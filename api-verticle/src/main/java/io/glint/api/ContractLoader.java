package io.glint.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Reads the OpenAPI contract for the router. vertx-openapi 5.0 validates requests only, and it refuses a contract
 * whose responses use media types it could not validate ({@code application/problem+json}, {@code
 * application/yaml}); so the router gets the contract without response bodies, while clients get the whole, truthful
 * document at {@code GET /openapi.yaml}.
 *
 * @param yaml the contract as written
 * @param forRouter the parsed contract, response content removed
 */
public record ContractLoader(Buffer yaml, JsonObject forRouter) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * Reads and parses the contract from the class path. Blocking (class-path I/O, YAML parsing): call it from a worker.
     *
     * @throws IllegalStateException when the resource is missing
     * @throws UncheckedIOException when it is not valid YAML
     */
    public static ContractLoader read(String resource) {
        try (InputStream in = ContractLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The OpenAPI contract " + resource + " is not on the class path");
            }
            Buffer yaml = Buffer.buffer(in.readAllBytes());
            return new ContractLoader(yaml, parse(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the OpenAPI contract " + resource, e);
        }
    }

    /** The router's view of the contract. */
    public Future<OpenAPIContract> contract(Vertx vertx) {
        return OpenAPIContract.from(vertx, forRouter);
    }

    /**
     * The router's view of only the operations tagged {@code tag}: what a process serves that runs no API role (a
     * worker's health and metrics), without the security schemes the other operations need.
     */
    public Future<OpenAPIContract> contractTagged(Vertx vertx, String tag) {
        JsonObject subset = forRouter.copy();
        JsonObject paths = subset.getJsonObject("paths", new JsonObject());
        for (String path : new java.util.ArrayList<>(paths.fieldNames())) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : new java.util.ArrayList<>(item.fieldNames())) {
                Object operation = item.getValue(method);
                boolean tagged = operation instanceof JsonObject op
                        && op.getJsonArray("tags", new io.vertx.core.json.JsonArray())
                                .contains(tag);
                if (operation instanceof JsonObject && !tagged) {
                    item.remove(method);
                }
            }
            if (item.isEmpty()) {
                paths.remove(path);
            }
        }
        return OpenAPIContract.from(vertx, subset);
    }

    @SuppressWarnings("unchecked")
    private static JsonObject parse(Buffer yaml) {
        try {
            JsonObject contract = new JsonObject(YAML.readValue(yaml.getBytes(), Map.class));
            JsonObject paths = contract.getJsonObject("paths", new JsonObject());
            for (String path : paths.fieldNames()) {
                JsonObject item = paths.getJsonObject(path);
                for (String method : item.fieldNames()) {
                    Object operation = item.getValue(method);
                    if (operation instanceof JsonObject op && op.containsKey("responses")) {
                        JsonObject responses = op.getJsonObject("responses");
                        for (String status : responses.fieldNames()) {
                            Object response = responses.getValue(status);
                            if (response instanceof JsonObject r) {
                                r.remove("content");
                            }
                        }
                    }
                }
            }
            JsonObject sharedResponses =
                    contract.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject());
            for (String name : sharedResponses.fieldNames()) {
                sharedResponses.getJsonObject(name).remove("content");
            }
            return contract;
        } catch (IOException e) {
            throw new UncheckedIOException("The OpenAPI contract is not valid YAML", e);
        }
    }
}

package io.glint.modelserver;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.glint.core.json.Json;
import io.glint.domain.ranking.FeatureSchema;
import io.glint.model.registry.ModelArtifacts;
import io.glint.model.registry.ModelRegistry;
import io.glint.model.xgboost.XgbModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the model being served and replaces it when another version is promoted. A model is installed only if its
 * feature schema is the one this code builds vectors for ({@link FeatureSchema#mismatch}) and the evaluator accepts it;
 * a refused model leaves the previous one in service. Every attempt counts in {@link ModelServer#RELOADS}.
 *
 * <p>Requests read {@link #current()} from any thread; the checks run on the context the holder was started on, one at a
 * time.
 */
final class ModelHolder {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);
    private static final ObjectReader SCHEMA_READER =
            Json.mapper().readerFor(FeatureSchema.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The outcome tag of {@link ModelServer#RELOADS}. */
    enum Outcome {
        LOADED,
        REFUSED,
        FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Vertx vertx;
    private final String name;
    private final FeatureSchema expected;
    private final Map<Outcome, Counter> reloads = new EnumMap<>(Outcome.class);
    private final AtomicReference<ServedModel> current = new AtomicReference<>();
    private volatile String unavailableReason = "no model is loaded yet";
    // Only on the holder's context:
    private String refusedVersion;
    private boolean checking;
    private long timer = -1;

    ModelHolder(Vertx vertx, String name, FeatureSchema expected, MeterRegistry meters) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.name = Objects.requireNonNull(name, "name");
        this.expected = Objects.requireNonNull(expected, "expected");
        for (Outcome outcome : Outcome.values()) {
            reloads.put(
                    outcome,
                    Counter.builder(ModelServer.RELOADS)
                            .description("Attempts to load a model version, by outcome")
                            .tag("model", name)
                            .tag("outcome", outcome.tag())
                            .register(meters));
        }
    }

    /** The model being served, if any. */
    Optional<ServedModel> current() {
        return Optional.ofNullable(current.get());
    }

    /** Why no model is served, for {@code /ping} and 503s. */
    String unavailableReason() {
        return unavailableReason;
    }

    /**
     * Serves the registry's promoted version, now and whenever another one is promoted: {@code promoted.json} is read
     * every interval. Never fails: without a promoted (or acceptable) version the server answers 503 until one comes.
     */
    Future<Void> followRegistry(ModelRegistry registry, Duration interval) {
        Objects.requireNonNull(registry, "registry");
        timer = vertx.setPeriodic(interval.toMillis(), id -> check(registry));
        return check(registry);
    }

    /**
     * Serves the model in a directory (SageMaker unpacks it into {@code /opt/ml/model}), once; no registry is read.
     *
     * @return fails when the directory's model cannot be served (unreadable, or refused: the message says why)
     */
    Future<Void> loadDirectory(Path directory) {
        FileSystem files = vertx.fileSystem();
        String modelFile = directory.resolve(ModelServer.MODEL_FILE).toString();
        String schemaFile = directory.resolve(ModelServer.SCHEMA_FILE).toString();
        return Future.all(files.readFile(modelFile), files.readFile(schemaFile))
                // Reading the schema and hashing megabytes of model: off the event loop.
                .compose(read -> vertx.executeBlocking(
                        () -> {
                            byte[] model = read.<Buffer>resultAt(0).getBytes();
                            FeatureSchema schema;
                            try {
                                schema = SCHEMA_READER.readValue(
                                        read.<Buffer>resultAt(1).getBytes());
                            } catch (IOException | RuntimeException e) {
                                throw new IllegalStateException(
                                        schemaFile + " is not a feature schema: " + e.getMessage(), e);
                            }
                            return new ModelArtifacts(
                                    name,
                                    "dir-" + digest(model),
                                    model,
                                    schema,
                                    Json.mapper().createObjectNode());
                        },
                        false))
                .compose(this::install)
                .compose(installed -> installed
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new IllegalStateException(
                                "the model in " + directory + " cannot be served: " + unavailableReason)));
    }

    /** Stops following the registry. */
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** One look at promoted.json, and a load if it names a version not yet served (nor refused). */
    private Future<Void> check(ModelRegistry registry) {
        if (checking) {
            return Future.succeededFuture();
        }
        checking = true;
        return registry.promoted(name)
                .compose(promoted -> {
                    if (promoted.isEmpty()) {
                        if (current.get() == null) {
                            unavailableReason = "no version of model '" + name + "' is promoted yet";
                        }
                        return Future.succeededFuture();
                    }
                    String version = promoted.get();
                    ServedModel serving = current.get();
                    if ((serving != null && serving.version().equals(version)) || version.equals(refusedVersion)) {
                        return Future.succeededFuture();
                    }
                    return registry.load(name, version).compose(this::install).<Void>mapEmpty();
                })
                .recover(error -> {
                    reloads.get(Outcome.FAILED).increment();
                    ServedModel serving = current.get();
                    LOG.warn(
                            "Checking model '{}' in the registry failed ({}); {}; next check in the next interval",
                            name,
                            error.toString(),
                            serving == null ? "no model is served" : "still serving " + serving.version());
                    if (serving == null) {
                        unavailableReason = "the model registry could not be read; retrying";
                    }
                    return Future.succeededFuture();
                })
                .eventually(() -> {
                    checking = false;
                    return Future.succeededFuture();
                });
    }

    /**
     * Checks and installs a version.
     *
     * @return true when it is now served, false when it was refused; fails when the evaluator failed otherwise
     */
    private Future<Boolean> install(ModelArtifacts artifacts) {
        String version = artifacts.version();
        String mismatch = expected.mismatch(artifacts.schema());
        if (mismatch != null) {
            return Future.succeededFuture(refuse(version, mismatch));
        }
        // Parsing a large model takes tens of milliseconds: off the event loop.
        return vertx.executeBlocking(() -> XgbModel.parse(artifacts.modelJson()), false)
                .transform(parsed -> {
                    if (parsed.failed()) {
                        return parsed.cause() instanceof IllegalArgumentException unsupported
                                ? Future.succeededFuture(refuse(version, unsupported.getMessage()))
                                : Future.failedFuture(parsed.cause());
                    }
                    XgbModel model = parsed.result();
                    if (model.numFeatures() != expected.width()) {
                        return Future.succeededFuture(refuse(
                                version,
                                "the model takes " + model.numFeatures() + " features, the schema has "
                                        + expected.width()));
                    }
                    ServedModel previous = current.getAndSet(new ServedModel(version, artifacts.schema(), model));
                    reloads.get(Outcome.LOADED).increment();
                    LOG.info(
                            "Serving model '{}' {} ({}, schema {}){}",
                            name,
                            version,
                            model,
                            artifacts.schema().fingerprint(),
                            previous == null ? "" : ", replacing " + previous.version());
                    return Future.succeededFuture(true);
                });
    }

    private boolean refuse(String version, String reason) {
        // Remembered, so that a refused promotion is not fetched and refused again every interval.
        refusedVersion = version;
        reloads.get(Outcome.REFUSED).increment();
        ServedModel serving = current.get();
        LOG.warn(
                "Refused version {} of model '{}': {}; {}",
                version,
                name,
                reason,
                serving == null ? "no model is served" : "still serving " + serving.version());
        if (serving == null) {
            unavailableReason = "version " + version + " was refused: " + reason;
        }
        return false;
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}

package io.glint.model.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.glint.core.aws.AwsFutures;
import io.glint.core.error.ConflictException;
import io.glint.core.error.InvalidException;
import io.glint.core.error.NotFoundException;
import io.glint.core.json.Json;
import io.glint.domain.ranking.FeatureSchema;
import io.glint.model.xgboost.XgbModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The model registry in an S3 bucket (the models bucket, {@code GLINT_MODELS_BUCKET}):
 *
 * <pre>
 * models/{name}/{version}/feature-schema.json   the FeatureSchema the model was trained on
 * models/{name}/{version}/metrics.json          evaluation figures (a JSON object)
 * models/{name}/{version}/training.json         data range, parameters, row counts (a JSON object)
 * models/{name}/{version}/model.json            the model, XGBoost's JSON format; written last
 * models/{name}/promoted.json                   {"version", "promotedAt", "history": [older promoted, newest first]}
 * </pre>
 *
 * A version is complete when all four files exist. {@code model.json} is written last, so a publication that died half
 * way is never listed, promoted or loaded. {@code promoted.json} is replaced with a conditional write (If-Match on the
 * ETag that was read, If-None-Match for the first promotion), so two promotions racing each other cannot lose one
 * silently: the loser fails with {@link ConflictException}.
 */
public final class S3ModelRegistry implements ModelRegistry {
    static final String MODEL = "model.json";
    static final String SCHEMA = "feature-schema.json";
    static final String METRICS = "metrics.json";
    static final String TRAINING = "training.json";
    static final String PROMOTED = "promoted.json";
    /** Rollback depth kept in promoted.json. */
    static final int MAX_HISTORY = 20;

    private static final List<String> VERSION_FILES = List.of(SCHEMA, METRICS, TRAINING, MODEL);
    private static final String JSON = "application/json";
    /* Stored documents are read leniently: a newer writer may add fields. */
    private static final ObjectReader STORED =
            Json.mapper().reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Vertx vertx;
    private final S3AsyncClient s3;
    private final String bucket;
    private final Clock clock;
    /** By model name, the end of the chain of promotions and rollbacks this instance runs one at a time. */
    private final Map<String, Future<?>> promotions = new HashMap<>();

    public S3ModelRegistry(Vertx vertx, S3AsyncClient s3, String bucket) {
        this(vertx, s3, bucket, Clock.systemUTC());
    }

    public S3ModelRegistry(Vertx vertx, S3AsyncClient s3, String bucket, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The key prefix of one version's files. */
    static String versionPrefix(String name, String version) {
        return "models/" + name + "/" + version + "/";
    }

    static String promotedKey(String name) {
        return "models/" + name + "/" + PROMOTED;
    }

    @Override
    public Future<String> publish(
            String name, byte[] modelJson, FeatureSchema schema, JsonNode metrics, JsonNode training) {
        return attempt(() -> {
                    ModelIds.checkName(name);
                    Objects.requireNonNull(modelJson, "modelJson");
                    Objects.requireNonNull(schema, "schema");
                    requireObject(metrics, METRICS);
                    requireObject(training, TRAINING);
                    // Parsing a large model takes tens of milliseconds: not on an event loop.
                    return vertx.executeBlocking(() -> checkServable(modelJson, schema), false);
                })
                .compose(checked -> {
                    String version = ModelIds.newVersion(clock.instant(), ThreadLocalRandom.current());
                    String prefix = versionPrefix(name, version);
                    // The schema claims the version id (If-None-Match), so a colliding id cannot mix two publications.
                    return put(prefix + SCHEMA, Json.write(schema), null, true)
                            .compose(claimed -> Future.all(
                                    put(prefix + METRICS, Json.write(metrics), null, false),
                                    put(prefix + TRAINING, Json.write(training), null, false)))
                            .compose(written -> put(prefix + MODEL, modelJson, null, false))
                            .map(version);
                });
    }

    @Override
    public Future<List<ModelVersion>> versions(String name) {
        return attempt(() -> {
                    ModelIds.checkName(name);
                    return listKeys("models/" + name + "/");
                })
                .compose(keys -> {
                    List<String> complete = completeVersions(name, keys);
                    List<Future<JsonNode>> metrics = new ArrayList<>();
                    for (String version : complete) {
                        metrics.add(get(versionPrefix(name, version) + METRICS)
                                .map(found -> found.map(object -> readTree(object.bytes(), name, version, METRICS))
                                        .orElseGet(Json.mapper()::createObjectNode)));
                    }
                    return Future.all(metrics).compose(read -> promoted(name)).map(promoted -> {
                        List<ModelVersion> versions = new ArrayList<>();
                        for (int i = 0; i < complete.size(); i++) {
                            String version = complete.get(i);
                            versions.add(new ModelVersion(
                                    version,
                                    ModelIds.createdAt(version),
                                    metrics.get(i).result(),
                                    promoted.filter(version::equals).isPresent()));
                        }
                        return versions;
                    });
                });
    }

    /**
     * Runs a change of the promotion after the previous one of this instance has settled. Across instances the
     * conditional write decides (S3 applies {@code If-Match} atomically); within one, changes never race at all, which
     * also keeps stand-ins whose conditional writes are check-then-act out of the picture.
     */
    private Future<Promotion> serially(String name, Supplier<Future<Promotion>> change) {
        synchronized (promotions) {
            Future<?> previous = promotions.getOrDefault(name, Future.succeededFuture());
            Future<Promotion> next = previous.transform(ignored -> change.get());
            promotions.put(name, next);
            next.onComplete(done -> {
                synchronized (promotions) {
                    promotions.remove(name, next);
                }
            });
            return next;
        }
    }

    @Override
    public Future<Promotion> promote(String name, String version) {
        return serially(name, () -> attempt(() -> {
                    ModelIds.checkName(name);
                    ModelIds.checkVersion(version);
                    return requireComplete(name, version);
                })
                .compose(complete -> readPromotion(name))
                .compose(current -> {
                    if (current.isPresent()
                            && current.get().promotion().version().equals(version)) {
                        return Future.succeededFuture(current.get().promotion());
                    }
                    List<String> history = new ArrayList<>();
                    current.ifPresent(stored -> {
                        history.add(stored.promotion().version());
                        history.addAll(stored.promotion().history());
                    });
                    // Promoting an older version again moves it out of the history: rollback never returns to itself.
                    history.removeIf(version::equals);
                    Promotion next = new Promotion(
                            version, clock.instant(), history.subList(0, Math.min(MAX_HISTORY, history.size())));
                    return writePromotion(name, next, current.map(StoredPromotion::etag));
                }));
    }

    @Override
    public Future<Promotion> rollback(String name) {
        return serially(name, () -> attempt(() -> {
                    ModelIds.checkName(name);
                    return readPromotion(name);
                })
                .compose(current -> {
                    if (current.isEmpty()) {
                        return Future.failedFuture(new ConflictException(
                                "model '" + name + "' has no promoted version, so there is nothing to roll back"));
                    }
                    Promotion promotion = current.get().promotion();
                    if (promotion.history().isEmpty()) {
                        return Future.failedFuture(new ConflictException("model '" + name
                                + "' has no earlier promoted version to roll back to (" + promotion.version()
                                + " is the only one)"));
                    }
                    String previous = promotion.history().get(0);
                    Promotion next = new Promotion(
                            previous,
                            clock.instant(),
                            promotion.history().subList(1, promotion.history().size()));
                    return requireComplete(name, previous)
                            .compose(complete -> writePromotion(
                                    name, next, Optional.of(current.get().etag())));
                }));
    }

    @Override
    public Future<Optional<String>> promoted(String name) {
        return promotion(name).map(found -> found.map(Promotion::version));
    }

    @Override
    public Future<Optional<Promotion>> promotion(String name) {
        return attempt(() -> {
                    ModelIds.checkName(name);
                    return readPromotion(name);
                })
                .map(found -> found.map(StoredPromotion::promotion));
    }

    @Override
    public Future<ModelArtifacts> load(String name, String version) {
        return attempt(() -> {
                    ModelIds.checkName(name);
                    ModelIds.checkVersion(version);
                    String prefix = versionPrefix(name, version);
                    return Future.all(get(prefix + MODEL), get(prefix + SCHEMA), get(prefix + METRICS));
                })
                .map(files -> {
                    Optional<StoredObject> model = files.resultAt(0);
                    Optional<StoredObject> schema = files.resultAt(1);
                    Optional<StoredObject> metrics = files.resultAt(2);
                    if (model.isEmpty() || schema.isEmpty() || metrics.isEmpty()) {
                        throw notComplete(name, version);
                    }
                    return new ModelArtifacts(
                            name,
                            version,
                            model.get().bytes(),
                            readSchema(schema.get().bytes(), name, version),
                            readTree(metrics.get().bytes(), name, version, METRICS));
                });
    }

    /** Runs the check and the step it leads to, turning a thrown exception into a failed future. */
    private static <T> Future<T> attempt(Supplier<Future<T>> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static Void checkServable(byte[] modelJson, FeatureSchema schema) {
        XgbModel model;
        try {
            model = XgbModel.parse(modelJson);
        } catch (IllegalArgumentException e) {
            throw new InvalidException("the model cannot be served: " + e.getMessage());
        }
        if (model.numFeatures() != schema.width()) {
            throw new InvalidException("the model takes " + model.numFeatures() + " features, but its schema "
                    + schema.name() + " v" + schema.version() + " has " + schema.width() + " columns");
        }
        return null;
    }

    private static void requireObject(JsonNode node, String file) {
        if (node == null || !node.isObject()) {
            throw new InvalidException(file + " must be a JSON object");
        }
    }

    /** The ids of the versions whose four files all exist, newest first. */
    private static List<String> completeVersions(String name, List<String> keys) {
        String prefix = "models/" + name + "/";
        Map<String, Set<String>> files = new HashMap<>();
        for (String key : keys) {
            String[] parts = key.substring(prefix.length()).split("/", -1);
            if (parts.length == 2 && ModelIds.isVersion(parts[0])) {
                files.computeIfAbsent(parts[0], version -> new HashSet<>()).add(parts[1]);
            }
        }
        return files.entrySet().stream()
                .filter(entry -> entry.getValue().containsAll(VERSION_FILES))
                .map(Map.Entry::getKey)
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    private Future<Void> requireComplete(String name, String version) {
        String prefix = versionPrefix(name, version);
        return listKeys(prefix).compose(keys -> {
            Set<String> present = new HashSet<>();
            keys.forEach(key -> present.add(key.substring(prefix.length())));
            List<String> missing = VERSION_FILES.stream()
                    .filter(file -> !present.contains(file))
                    .toList();
            if (missing.size() == VERSION_FILES.size()) {
                return Future.failedFuture(new NotFoundException("model '" + name + "' has no version " + version));
            }
            if (!missing.isEmpty()) {
                return Future.failedFuture(new NotFoundException("version " + version + " of model '" + name
                        + "' is not completely published (missing " + missing + ")"));
            }
            return Future.succeededFuture();
        });
    }

    private static NotFoundException notComplete(String name, String version) {
        return new NotFoundException("model '" + name + "' has no completely published version " + version);
    }

    private Future<Optional<StoredPromotion>> readPromotion(String name) {
        return get(promotedKey(name))
                .map(found -> found.map(object -> {
                    try {
                        Promotion promotion = STORED.readValue(object.bytes(), Promotion.class);
                        return new StoredPromotion(promotion, object.etag());
                    } catch (IOException | RuntimeException e) {
                        throw new IllegalStateException(
                                "s3://" + bucket + "/" + promotedKey(name) + " is not readable: " + e.getMessage(), e);
                    }
                }));
    }

    private Future<Promotion> writePromotion(String name, Promotion next, Optional<String> etag) {
        return put(promotedKey(name), Json.write(next), etag.orElse(null), etag.isEmpty())
                .recover(error -> Future.failedFuture(
                        isPreconditionFailure(error)
                                ? new ConflictException(
                                        "promoted.json of model '" + name
                                                + "' changed while this promotion was made; read it again and retry",
                                        error)
                                : error))
                .map(next);
    }

    private FeatureSchema readSchema(byte[] bytes, String name, String version) {
        try {
            return STORED.readValue(bytes, FeatureSchema.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "s3://" + bucket + "/" + versionPrefix(name, version) + SCHEMA + " is not a feature schema: "
                            + e.getMessage(),
                    e);
        }
    }

    private JsonNode readTree(byte[] bytes, String name, String version, String file) {
        try {
            return STORED.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "s3://" + bucket + "/" + versionPrefix(name, version) + file + " is not JSON: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Writes an object.
     *
     * @param ifMatch replace only this ETag's object, or null
     * @param ifNoneMatch create only, never replace
     */
    private Future<Void> put(String key, byte[] bytes, String ifMatch, boolean ifNoneMatch) {
        PutObjectRequest.Builder request =
                PutObjectRequest.builder().bucket(bucket).key(key).contentType(JSON);
        if (ifMatch != null) {
            request.ifMatch(ifMatch);
        }
        if (ifNoneMatch) {
            request.ifNoneMatch("*");
        }
        return AwsFutures.onContext(s3.putObject(request.build(), AsyncRequestBody.fromBytes(bytes)))
                .mapEmpty();
    }

    /** An object's bytes and ETag, or empty when there is no such key. */
    private Future<Optional<StoredObject>> get(String key) {
        return AwsFutures.onContext(
                        s3.getObject(request -> request.bucket(bucket).key(key), AsyncResponseTransformer.toBytes()))
                .map(response -> Optional.of(new StoredObject(
                        response.asByteArray(), response.response().eTag())))
                .recover(error ->
                        isNotFound(error) ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(error));
    }

    private Future<List<String>> listKeys(String prefix) {
        return listPage(prefix, null, new ArrayList<>());
    }

    private Future<List<String>> listPage(String prefix, String continuationToken, List<String> keys) {
        return AwsFutures.onContext(s3.listObjectsV2(
                        request -> request.bucket(bucket).prefix(prefix).continuationToken(continuationToken)))
                .compose(page -> {
                    for (S3Object object : page.contents()) {
                        keys.add(object.key());
                    }
                    return Boolean.TRUE.equals(page.isTruncated())
                            ? listPage(prefix, page.nextContinuationToken(), keys)
                            : Future.succeededFuture(keys);
                });
    }

    private static boolean isNotFound(Throwable error) {
        return AwsFutures.unwrap(error) instanceof S3Exception s3Error && s3Error.statusCode() == 404;
    }

    /** 412 when the condition failed; 409 when S3 saw a concurrent conditional write to the same key. */
    private static boolean isPreconditionFailure(Throwable error) {
        return AwsFutures.unwrap(error) instanceof S3Exception s3Error
                && (s3Error.statusCode() == 412 || s3Error.statusCode() == 409);
    }

    private record StoredObject(byte[] bytes, String etag) {}

    private record StoredPromotion(Promotion promotion, String etag) {}
}

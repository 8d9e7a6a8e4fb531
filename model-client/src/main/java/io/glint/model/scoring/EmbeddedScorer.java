package io.glint.model.scoring;

import io.glint.domain.ranking.FeatureSchema;
import io.glint.model.registry.ModelRegistry;
import io.glint.model.xgboost.XgbModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ranking model evaluated in this process, the fallback when the endpoint is away: the registry's promoted version
 * of the model, reloaded when another is promoted, evaluated with the pure-Java {@link XgbModel} (a batch of a few
 * hundred rows takes well under a millisecond, so it scores on the caller's thread). A version trained on another
 * feature schema is refused: until a matching one is promoted, this scorer fails and popularity serves.
 */
public final class EmbeddedScorer implements Scorer {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedScorer.class);

    private final Vertx vertx;
    private final ModelRegistry registry;
    private final String modelName;
    private final FeatureSchema schema;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();
    private volatile String refused;
    private long timer = -1;

    private record Loaded(String version, XgbModel model) {}

    public EmbeddedScorer(Vertx vertx, ModelRegistry registry, String modelName, FeatureSchema schema) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** Loads the promoted version now and then checks for a newer promotion every {@code interval}. */
    public Future<Void> start(Duration interval) {
        timer = vertx.setPeriodic(interval.toMillis(), interval.toMillis(), id -> refresh());
        return refresh();
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The version loaded, or null. */
    public String version() {
        Loaded current = loaded.get();
        return current == null ? null : current.version();
    }

    /**
     * Loads the promoted version if it is not the one loaded. Never fails: a registry that cannot be read, or a model
     * that cannot be used, is logged and the loaded model (if any) stays.
     */
    public Future<Void> refresh() {
        return registry.promoted(modelName)
                .compose(promoted -> {
                    Loaded current = loaded.get();
                    if (promoted.isEmpty()
                            || (current != null && current.version().equals(promoted.get()))
                            || promoted.get().equals(refused)) {
                        return Future.<Void>succeededFuture();
                    }
                    return registry.load(modelName, promoted.get()).compose(artifacts -> {
                        String mismatch = schema.mismatch(artifacts.schema());
                        if (mismatch != null) {
                            refused = artifacts.version();
                            LOG.warn(
                                    "Model {} version {} is not used for embedded scoring: {}",
                                    modelName,
                                    artifacts.version(),
                                    mismatch);
                            return Future.<Void>succeededFuture();
                        }
                        return vertx.executeBlocking(() -> XgbModel.parse(artifacts.modelJson()))
                                .map(model -> {
                                    loaded.set(new Loaded(artifacts.version(), model));
                                    LOG.info(
                                            "Embedded scoring uses model {} version {}",
                                            modelName,
                                            artifacts.version());
                                    return null;
                                });
                    });
                })
                .recover(error -> {
                    LOG.warn("The embedded model could not be refreshed; keeping {}: {}", version(), error.toString());
                    return Future.succeededFuture();
                });
    }

    @Override
    public Future<Scores> score(List<float[]> rows) {
        Loaded current = loaded.get();
        if (current == null) {
            return Future.failedFuture(new IllegalStateException("no model of " + modelName + " is loaded"));
        }
        float[][] matrix = rows.toArray(new float[0][]);
        return Future.succeededFuture(
                new Scores(current.model().predict(matrix), current.version(), ServedBy.EMBEDDED));
    }
}

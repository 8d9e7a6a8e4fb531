package io.glint.api.recommend;

import io.glint.core.json.Json;
import io.glint.domain.ranking.FeatureSchema;
import io.glint.domain.ranking.RankingFeatures;
import io.glint.model.registry.ModelRegistry;
import io.glint.modelserver.ModelServer;
import io.glint.modelserver.ModelServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Ranking models trained with xgboost4j for the tests, published and served the way production does it. */
final class TestModels {
    private TestModels() {}

    /**
     * A model over {@link RankingFeatures#SCHEMA}'s width trained on random rows (a noisy signal in every column, about
     * one value in six missing); the seed makes each one different.
     */
    static byte[] train(int seed, String objective, int trees, int depth) throws XGBoostError {
        Random random = new Random(seed);
        int width = RankingFeatures.SCHEMA.width();
        int rows = 2000;
        float[] data = new float[rows * width];
        float[] labels = new float[rows];
        for (int i = 0; i < rows; i++) {
            double signal = 0;
            for (int j = 0; j < width; j++) {
                float value = random.nextInt(6) == 0 ? Float.NaN : (float) random.nextGaussian();
                data[i * width + j] = value;
                signal += Float.isNaN(value) ? 0 : value * ((j % 5) - 2);
            }
            labels[i] = signal + random.nextGaussian() > 0 ? 1 : 0;
        }
        DMatrix matrix = new DMatrix(data, rows, width, Float.NaN);
        try {
            matrix.setLabel(labels);
            if (objective.startsWith("rank:")) {
                matrix.setGroup(new int[] {500, 500, 500, 500});
            }
            Map<String, Object> parameters = new HashMap<>(
                    Map.of("objective", objective, "eta", 0.1, "max_depth", depth, "nthread", 2, "seed", seed));
            return XGBoost.train(matrix, parameters, trees, Map.of(), null, null)
                    .toByteArray("json");
        } finally {
            matrix.dispose();
        }
    }

    /** Publishes a model of {@code schema} as a new version of {@code ranking} and promotes it; returns the version. */
    static String promote(ModelRegistry registry, byte[] model, FeatureSchema schema) {
        String version = registry.publish(
                        "ranking",
                        model,
                        schema,
                        Json.mapper().createObjectNode(),
                        Json.mapper().createObjectNode())
                .await();
        registry.promote("ranking", version).await();
        return version;
    }

    /** A model server on a free loopback port, on the registry, checking for promotions every {@code reload}. */
    static ModelServer serve(Vertx vertx, ModelRegistry registry, Duration reload) {
        return ModelServer.start(
                        vertx,
                        registry,
                        new ModelServerConfig(
                                "127.0.0.1",
                                0,
                                "ranking",
                                Path.of("/nonexistent"),
                                reload,
                                1000,
                                ModelServerConfig.MAX_BODY_BYTES),
                        new SimpleMeterRegistry())
                .await();
    }
}

package io.glint.model.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.glint.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure-Java evaluator against xgboost4j 3.4.0, the library that trains Glint's models. */
class XgbModelTest {
    private static final double TOLERANCE = 1e-6;
    private static final int FEATURES = 8;

    @ParameterizedTest
    @ValueSource(
            strings = {"binary:logistic", "reg:logistic", "reg:squarederror", "rank:pairwise", "rank:ndcg", "rank:map"})
    void predictsWhatXgboostPredictsForEverySupportedObjective(String objective) throws Exception {
        Random random = new Random(objective.hashCode());
        float[][] rows = Training.randomRows(random, 400, FEATURES);
        boolean ranking = objective.startsWith("rank:");
        int[] groups = ranking ? new int[] {100, 100, 50, 50, 100} : null;
        Booster booster = Training.train(
                rows,
                Training.labels(random, rows, ranking && !objective.equals("rank:map")),
                groups,
                Map.of("objective", objective),
                50);

        XgbModel model = XgbModel.parse(booster.toByteArray("json"));

        assertThat(model.objective()).isEqualTo(objective);
        assertThat(model.numFeatures()).isEqualTo(FEATURES);
        assertThat(model.numTrees()).isEqualTo(50);
        assertSamePredictions(model, booster, rows);
        // Rows never seen in training, and rows sitting exactly on the thresholds: '<' goes left, '==' goes right.
        assertSamePredictions(model, booster, Training.randomRows(new Random(1), 200, FEATURES));
        assertSamePredictions(model, booster, rowsOnThresholds(model, booster, new Random(2)));
    }

    @Test
    void readsAModelSavedToAFileAndHonoursAnExplicitBaseScore(@TempDir Path directory) throws Exception {
        Random random = new Random(11);
        float[][] rows = Training.randomRows(random, 300, FEATURES);
        Booster booster = Training.train(
                rows,
                Training.labels(random, rows, false),
                null,
                Map.of("objective", "binary:logistic", "base_score", 0.3f, "max_depth", 6),
                60);
        Path file = directory.resolve("model.json");
        booster.saveModel(file.toString());

        XgbModel model = XgbModel.parse(Files.readAllBytes(file));

        assertThat(model.baseMargin())
                .isCloseTo((float) Math.log(0.3 / 0.7), org.assertj.core.data.Offset.offset(1e-6f));
        assertSamePredictions(model, booster, rows);
    }

    @Test
    void aBatchOfAnySizeScoresEachRowExactlyAsItScoresAlone() throws Exception {
        Random random = new Random(17);
        float[][] training = Training.randomRows(random, 150, FEATURES);
        // So few rows with a minimum leaf weight: trees of depth 6 whose leaves lie at many depths, so that rows walked
        // down a tree together reach their leaves at different steps.
        Booster booster = Training.train(
                training,
                Training.labels(random, training, false),
                null,
                Map.of("objective", "binary:logistic", "max_depth", 6, "min_child_weight", 2),
                40);
        XgbModel model = XgbModel.parse(booster.toByteArray("json"));
        float[][] rows = Training.randomRows(new Random(18), 140, FEATURES);

        for (int size : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 63, 64, 65, 67, 140}) {
            float[][] batch = java.util.Arrays.copyOf(rows, size);
            float[] margins = model.predictMargin(batch);
            for (int i = 0; i < size; i++) {
                assertThat(margins[i]).as("row %d of a batch of %d", i, size).isEqualTo(model.predictMargin(rows[i]));
            }
        }
        assertSamePredictions(model, booster, rows);
    }

    @Test
    void marginsAreXgboostsOutputMargins() throws Exception {
        Random random = new Random(5);
        float[][] rows = Training.randomRows(random, 300, FEATURES);
        Booster booster = Training.train(
                rows, Training.labels(random, rows, false), null, Map.of("objective", "binary:logistic"), 50);
        XgbModel model = XgbModel.parse(booster.toByteArray("json"));

        float[] expected = Training.predict(booster, rows, true);
        float[] batch = model.predictMargin(rows);
        for (int i = 0; i < rows.length; i++) {
            assertThat((double) batch[i]).as("margin of row %d", i).isCloseTo(expected[i], within());
            assertThat((double) model.predictMargin(rows[i]))
                    .as("margin of row %d alone", i)
                    .isCloseTo(expected[i], within());
        }
    }

    @Test
    void aRowOfOnlyMissingValuesFollowsTheDefaultBranches() throws Exception {
        Random random = new Random(3);
        float[][] rows = Training.randomRows(random, 300, FEATURES);
        Booster booster = Training.train(
                rows,
                Training.labels(random, rows, true),
                new int[] {150, 150},
                Map.of("objective", "rank:pairwise"),
                40);
        XgbModel model = XgbModel.parse(booster.toByteArray("json"));
        float[] missing = new float[FEATURES];
        java.util.Arrays.fill(missing, Float.NaN);

        assertSamePredictions(model, booster, new float[][] {missing, missing.clone()});
    }

    @Test
    void rowsOfAnotherWidthAreRefused() throws Exception {
        XgbModel model = XgbModel.parse(smallModel());

        assertThatThrownBy(() -> model.predict(new float[FEATURES - 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 7 values, the model takes 8");
        assertThatThrownBy(() -> model.predict(new float[][] {new float[FEATURES], new float[FEATURES + 1]}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1 has 9 values");
    }

    @Test
    void otherBoostersAreRefused() throws Exception {
        Random random = new Random(4);
        float[][] rows = Training.randomRows(random, 200, FEATURES);
        float[] labels = Training.labels(random, rows, false);
        // A DART model that dropped trees: XGBoost 3.3 and later save it as gbtree with per-tree weights.
        Map<String, Object> dart = Map.of("objective", "binary:logistic", "booster", "dart", "rate_drop", 0.5);
        Map<String, Object> gblinear = Map.of("objective", "binary:logistic", "booster", "gblinear");
        for (Map<String, Object> parameters : List.of(dart, gblinear)) {
            byte[] json = Training.train(rows, labels, null, parameters, 5).toByteArray("json");
            assertThatThrownBy(() -> XgbModel.parse(json))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the booster is '" + parameters.get("booster") + "'");
        }
    }

    @Test
    void dartModelThatDroppedNoTreeIsEvaluatedAsTheGbtreeItIs() throws Exception {
        Random random = new Random(5);
        float[][] rows = Training.randomRows(random, 200, FEATURES);
        Booster booster = Training.train(
                rows,
                Training.labels(random, rows, false),
                null,
                Map.of("objective", "binary:logistic", "booster", "dart", "rate_drop", 0.0),
                5);

        assertSamePredictions(XgbModel.parse(booster.toByteArray("json")), booster, rows);
    }

    @Test
    void multiClassModelsAreRefused() throws Exception {
        Random random = new Random(6);
        float[][] rows = Training.randomRows(random, 200, FEATURES);
        float[] labels = new float[rows.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(3);
        }
        byte[] json = Training.train(rows, labels, null, Map.of("objective", "multi:softprob", "num_class", 3), 5)
                .toByteArray("json");

        assertThatThrownBy(() -> XgbModel.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'multi:softprob' is not supported");
        // Even under a supported objective's name, three outputs are three outputs.
        assertThatThrownBy(
                        () -> XgbModel.parse(edit(json, root -> objective(root).put("name", "binary:logistic"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multi-class");
    }

    @Test
    void categoricalSplitsAreRefused() throws Exception {
        Random random = new Random(8);
        float[][] rows = Training.randomRows(random, 300, FEATURES);
        for (float[] row : rows) {
            row[0] = Float.isNaN(row[0]) ? row[0] : (float) Math.floor(Math.abs(row[0]));
        }
        ml.dmlc.xgboost4j.java.DMatrix matrix = Training.matrix(rows);
        matrix.setLabel(Training.labels(random, rows, false));
        String[] types = new String[FEATURES];
        java.util.Arrays.fill(types, "q");
        types[0] = "c";
        matrix.setFeatureTypes(types);
        byte[] json = ml.dmlc.xgboost4j.java.XGBoost.train(
                        matrix,
                        Map.of("objective", "binary:logistic", "tree_method", "hist", "max_depth", 4),
                        5,
                        Map.of(),
                        null,
                        null)
                .toByteArray("json");

        assertThatThrownBy(() -> XgbModel.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("categorical");
        // A categorical split node is refused by itself too, whatever the feature types say.
        byte[] numerical = smallModel();
        assertThatThrownBy(() -> XgbModel.parse(edit(numerical, root -> {
                    ArrayNode splitTypes = (ArrayNode) firstTree(root).get("split_type");
                    splitTypes.set(0, 1);
                })))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("categorical split at node 0");
    }

    @Test
    void vectorLeavesAndMalformedTreesAreRefused() throws Exception {
        byte[] json = smallModel();

        assertThatThrownBy(() -> XgbModel.parse(edit(
                        json, root -> ((ObjectNode) firstTree(root).get("tree_param")).put("size_leaf_vector", "2"))))
                .hasMessageContaining("vector leaves");
        assertThatThrownBy(() -> XgbModel.parse(edit(json, root -> {
                    ArrayNode left = (ArrayNode) firstTree(root).get("left_children");
                    left.set(1, 0);
                })))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tree 0");
        assertThatThrownBy(() -> XgbModel.parse(edit(json, root -> {
                    ArrayNode features = (ArrayNode) firstTree(root).get("split_indices");
                    features.set(0, FEATURES);
                })))
                .hasMessageContaining("on feature 8, but the model has 8 features");
        assertThatThrownBy(() -> XgbModel.parse("{\"learner\": 3}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no 'learner' object");
        assertThatThrownBy(() -> XgbModel.parse("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void baseScoreIsReadInBothOfXgboostsNotations() throws Exception {
        byte[] json = smallModel();
        XgbModel plain = XgbModel.parse(edit(json, root -> parameters(root).put("base_score", "2.5E-1")));
        XgbModel vector = XgbModel.parse(edit(json, root -> parameters(root).put("base_score", "[2.5E-1]")));

        assertThat(plain.baseMargin()).isEqualTo((float) Math.log(0.25 / 0.75));
        assertThat(vector.baseMargin()).isEqualTo(plain.baseMargin());
        assertThatThrownBy(
                        () -> XgbModel.parse(edit(json, root -> parameters(root).put("base_score", "[5E-1,5E-1]"))))
                .hasMessageContaining("one base_score per target");
        assertThatThrownBy(
                        () -> XgbModel.parse(edit(json, root -> parameters(root).put("base_score", "1.5"))))
                .hasMessageContaining("is a probability");
    }

    private static void assertSamePredictions(XgbModel model, Booster booster, float[][] rows) throws Exception {
        float[] expected = Training.predict(booster, rows, false);
        float[] batch = model.predict(rows);
        assertThat(batch).hasSize(rows.length);
        for (int i = 0; i < rows.length; i++) {
            assertThat((double) batch[i])
                    .as("prediction of row %d %s", i, java.util.Arrays.toString(rows[i]))
                    .isCloseTo(expected[i], within());
            assertThat((double) model.predict(rows[i]))
                    .as("prediction of row %d alone", i)
                    .isCloseTo(expected[i], within());
        }
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(TOLERANCE);
    }

    /** Rows whose every split feature equals one of the model's thresholds for it, the rest random. */
    private static float[][] rowsOnThresholds(XgbModel model, Booster booster, Random random) throws Exception {
        JsonNode root = Json.mapper().readTree(booster.toByteArray("json"));
        List<List<Float>> thresholds = new ArrayList<>();
        for (int j = 0; j < model.numFeatures(); j++) {
            thresholds.add(new ArrayList<>());
        }
        for (JsonNode tree : root.at("/learner/gradient_booster/model/trees")) {
            JsonNode left = tree.get("left_children");
            for (int i = 0; i < left.size(); i++) {
                if (left.get(i).asInt() != -1) {
                    // As text: the exact float XGBoost wrote.
                    thresholds
                            .get(tree.get("split_indices").get(i).asInt())
                            .add(Float.parseFloat(
                                    tree.get("split_conditions").get(i).asText()));
                }
            }
        }
        float[][] rows = Training.randomRows(random, 200, model.numFeatures());
        for (float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                List<Float> candidates = thresholds.get(j);
                if (!candidates.isEmpty() && random.nextBoolean()) {
                    row[j] = candidates.get(random.nextInt(candidates.size()));
                }
            }
        }
        return rows;
    }

    private static byte[] smallModel() throws Exception {
        Random random = new Random(9);
        float[][] rows = Training.randomRows(random, 200, FEATURES);
        return Training.train(
                        rows, Training.labels(random, rows, false), null, Map.of("objective", "binary:logistic"), 5)
                .toByteArray("json");
    }

    private static byte[] edit(byte[] json, Consumer<ObjectNode> change) throws Exception {
        ObjectNode root = (ObjectNode) Json.mapper().readTree(json);
        change.accept(root);
        return Json.mapper().writeValueAsBytes(root);
    }

    private static ObjectNode objective(ObjectNode root) {
        return (ObjectNode) root.at("/learner/objective");
    }

    private static ObjectNode parameters(ObjectNode root) {
        return (ObjectNode) root.at("/learner/learner_model_param");
    }

    private static ObjectNode firstTree(ObjectNode root) {
        return (ObjectNode) root.at("/learner/gradient_booster/model/trees/0");
    }
}

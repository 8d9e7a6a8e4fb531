package io.glint.model.xgboost;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.glint.core.json.Json;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads XGBoost's JSON model format (the schema of {@code doc/model.schema} in XGBoost's sources, as written by 3.0
 * to 3.4) into the flat node array of {@link XgbModel}, refusing what the evaluator does not implement.
 */
final class XgbJsonReader {
    /*
     * Decimals as BigDecimal, not double: a float written as its shortest decimal, read through a double and then
     * rounded to float, can land on the wrong float (double rounding). Thresholds must be XGBoost's exact float32.
     */
    private static final ObjectReader READER =
            Json.mapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final Map<String, XgbModel.Link> OBJECTIVES = Map.of(
            "binary:logistic", XgbModel.Link.SIGMOID,
            "reg:logistic", XgbModel.Link.SIGMOID,
            "reg:squarederror", XgbModel.Link.IDENTITY,
            "rank:pairwise", XgbModel.Link.IDENTITY,
            "rank:ndcg", XgbModel.Link.IDENTITY,
            "rank:map", XgbModel.Link.IDENTITY);

    private XgbJsonReader() {}

    static XgbModel read(byte[] json) {
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (IOException e) {
            throw refused("the model is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw refused("the model is not a JSON object");
        }
        JsonNode learner = object(root, "learner");
        JsonNode booster = object(learner, "gradient_booster");
        String boosterName = booster.path("name").asText("");
        if (!boosterName.equals("gbtree")) {
            throw refused("the booster is '" + boosterName + "'; only gbtree is supported (not dart or gblinear)");
        }
        // From XGBoost 3.3 a DART model is saved as 'gbtree' with its per-tree weights in 'weight_drop'; evaluating
        // its trees unweighted would give wrong scores without a word.
        if (!booster.path("model").path("weight_drop").isEmpty()) {
            throw refused("the booster is 'dart' (a gbtree with DART tree weights, as XGBoost 3.3 and later save it);"
                    + " only gbtree is supported (not dart or gblinear)");
        }
        String objective = object(learner, "objective").path("name").asText("");
        XgbModel.Link link = OBJECTIVES.get(objective);
        if (link == null) {
            throw refused("the objective '" + objective + "' is not supported; supported are "
                    + new TreeSet<>(OBJECTIVES.keySet()));
        }
        JsonNode parameters = object(learner, "learner_model_param");
        int numFeatures = integer(parameters, "num_feature");
        if (numFeatures < 1 || numFeatures > XgbModel.FEATURE_MASK) {
            throw refused("the model has " + numFeatures + " features");
        }
        if (integer(parameters, "num_class", 0) > 1) {
            throw refused("the model is a multi-class model; only single-output models are supported");
        }
        if (integer(parameters, "num_target", 1) > 1) {
            throw refused("the model has several targets; only single-output models are supported");
        }
        for (JsonNode type : learner.path("feature_types")) {
            if (type.asText().equals("c")) {
                throw refused("the model has categorical features; only numerical splits are supported");
            }
        }
        float baseMargin = baseMargin(baseScore(parameters), link, objective);

        JsonNode model = object(booster, "model");
        JsonNode trees = model.path("trees");
        if (!trees.isArray()) {
            throw refused("the model has no 'trees' array");
        }
        for (JsonNode group : model.path("tree_info")) {
            if (group.asInt() != 0) {
                throw refused("the model has trees for several outputs (tree_info); only single-output models are"
                        + " supported");
            }
        }
        JsonNode declared = model.path("gbtree_model_param").path("num_trees");
        if (!declared.isMissingNode() && parseInt(declared, "num_trees") != trees.size()) {
            throw refused("the model declares " + declared.asText() + " trees but holds " + trees.size());
        }

        Nodes nodes = new Nodes();
        int[] roots = new int[trees.size()];
        for (int t = 0; t < trees.size(); t++) {
            roots[t] = nodes.addTree(trees.get(t), t, numFeatures);
        }
        return new XgbModel(objective, link, numFeatures, baseMargin, roots, nodes.slots.toArray());
    }

    /**
     * The stored base score. XGBoost 3.0 writes a string ({@code "5E-1"}); 3.1 writes a vector, one per target
     * ({@code "[5E-1]"}).
     */
    private static float baseScore(JsonNode parameters) {
        JsonNode node = parameters.path("base_score");
        if (node.isMissingNode() || node.isNull()) {
            throw refused("the model has no base_score");
        }
        if (node.isNumber()) {
            return floatOf(node, "base_score");
        }
        String text = node.asText().trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1).trim();
            if (text.contains(",")) {
                throw refused("the model has one base_score per target (" + node.asText()
                        + "); only single-output models are supported");
            }
        }
        try {
            return Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw refused("the model's base_score is not a number: " + node.asText());
        }
    }

    /**
     * XGBoost stores the base score as the objective's prediction (a probability for the logistic objectives) and
     * starts every margin from {@code ProbToMargin(base_score)}: the logit for those, the value itself otherwise.
     */
    private static float baseMargin(float baseScore, XgbModel.Link link, String objective) {
        if (link == XgbModel.Link.SIGMOID) {
            if (!(baseScore > 0 && baseScore < 1)) {
                throw refused("the base_score of a " + objective + " model is a probability, but is " + baseScore);
            }
            // -log(1/p - 1), with 1/p - 1 in float32 as XGBoost computes it.
            return (float) -Math.log(1.0f / baseScore - 1.0f);
        }
        if (!Float.isFinite(baseScore)) {
            throw refused("the model's base_score is " + baseScore);
        }
        return baseScore;
    }

    /** Every tree's nodes in {@link XgbModel}'s interleaved layout. */
    private static final class Nodes {
        final IntList slots = new IntList();
        int count;

        /** Adds one tree and returns its root's offset. */
        int addTree(JsonNode tree, int t, int numFeatures) {
            String where = "tree " + t;
            JsonNode parameters = object(tree, "tree_param");
            int numNodes = integer(parameters, "num_nodes");
            if (numNodes < 1) {
                throw refused(where + " has " + numNodes + " nodes");
            }
            if (integer(parameters, "size_leaf_vector", 1) > 1) {
                throw refused(where + " has vector leaves (multi-target trees); only scalar leaves are supported");
            }
            if (tree.path("categories_nodes").size() > 0) {
                throw refused(where + " has categorical splits; only numerical splits are supported");
            }
            int[] leftChildren = ints(tree, "left_children", numNodes, where);
            int[] rightChildren = ints(tree, "right_children", numNodes, where);
            int[] splitIndices = ints(tree, "split_indices", numNodes, where);
            int[] defaultLeft = ints(tree, "default_left", numNodes, where);
            float[] conditions = floats(tree, "split_conditions", numNodes, where);
            if (tree.has("split_type")) {
                int[] splitTypes = ints(tree, "split_type", numNodes, where);
                for (int i = 0; i < numNodes; i++) {
                    if (splitTypes[i] != 0 && leftChildren[i] != -1) {
                        throw refused(where + " has a categorical split at node " + i
                                + "; only numerical splits are supported");
                    }
                }
            }
            checkIsTree(leftChildren, rightChildren, where);

            // Renumbered breadth first, so that every right child directly follows its left sibling; nodes that
            // pruning left unreachable are dropped.
            int[] order = new int[numNodes];
            int[] renumbered = new int[numNodes];
            int assigned = 1;
            for (int k = 0; k < assigned; k++) {
                int node = order[k];
                if (leftChildren[node] != -1) {
                    renumbered[leftChildren[node]] = assigned;
                    order[assigned++] = leftChildren[node];
                    renumbered[rightChildren[node]] = assigned;
                    order[assigned++] = rightChildren[node];
                }
            }
            int base = count;
            for (int k = 0; k < assigned; k++) {
                int node = order[k];
                if (leftChildren[node] == -1) {
                    slots.add(XgbModel.LEAF);
                    slots.add(0);
                } else {
                    if (splitIndices[node] < 0 || splitIndices[node] >= numFeatures) {
                        throw refused(where + " splits node " + node + " on feature " + splitIndices[node]
                                + ", but the model has " + numFeatures + " features");
                    }
                    if (Float.isNaN(conditions[node])) {
                        throw refused(where + " has no threshold at node " + node);
                    }
                    slots.add(splitIndices[node] | (defaultLeft[node] != 0 ? 0 : XgbModel.MISSING_RIGHT));
                    slots.add((base + renumbered[leftChildren[node]]) * XgbModel.SLOTS);
                }
                slots.add(Float.floatToRawIntBits(conditions[node]));
            }
            count += assigned;
            return base * XgbModel.SLOTS;
        }
    }

    /**
     * Walks the tree from its root: every child in range, both children or none, no node reached twice. Pruned
     * (deleted) nodes may stay in the arrays unreached; what is reached is a proper tree, so a walk always ends at a
     * leaf.
     */
    private static void checkIsTree(int[] leftChildren, int[] rightChildren, String where) {
        int n = leftChildren.length;
        boolean[] seen = new boolean[n];
        int[] stack = new int[n];
        int top = 0;
        stack[top++] = 0;
        seen[0] = true;
        while (top > 0) {
            int node = stack[--top];
            int l = leftChildren[node];
            int r = rightChildren[node];
            if (l == -1 && r == -1) {
                continue;
            }
            for (int child : new int[] {l, r}) {
                if (child <= 0 || child >= n) {
                    throw refused(where + " node " + node + " has child " + child + " outside the tree");
                }
                if (seen[child]) {
                    throw refused(where + " reaches node " + child + " twice; it is not a tree");
                }
                seen[child] = true;
                stack[top++] = child;
            }
        }
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (!node.isObject()) {
            throw refused("the model has no '" + field + "' object");
        }
        return node;
    }

    private static int integer(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode()) {
            throw refused("the model has no '" + field + "'");
        }
        return parseInt(node, field);
    }

    private static int integer(JsonNode parent, String field, int absent) {
        JsonNode node = parent.path(field);
        return node.isMissingNode() ? absent : parseInt(node, field);
    }

    /** XGBoost writes its parameters as strings ({@code "num_feature": "19"}); accept numbers too. */
    private static int parseInt(JsonNode node, String field) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        try {
            return Integer.parseInt(node.asText().trim());
        } catch (NumberFormatException e) {
            throw refused("the model's '" + field + "' is not a whole number: " + node);
        }
    }

    private static int[] ints(JsonNode tree, String field, int length, String where) {
        JsonNode array = array(tree, field, length, where);
        int[] values = new int[length];
        for (int i = 0; i < length; i++) {
            JsonNode node = array.get(i);
            if (node.isBoolean()) {
                values[i] = node.booleanValue() ? 1 : 0;
            } else if (node.isIntegralNumber() && node.canConvertToInt()) {
                values[i] = node.intValue();
            } else {
                throw refused(where + " has a non-integer in '" + field + "' at " + i + ": " + node);
            }
        }
        return values;
    }

    private static float[] floats(JsonNode tree, String field, int length, String where) {
        JsonNode array = array(tree, field, length, where);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = floatOf(array.get(i), where + " '" + field + "' at " + i);
        }
        return values;
    }

    private static JsonNode array(JsonNode tree, String field, int length, String where) {
        JsonNode array = tree.path(field);
        if (!array.isArray()) {
            throw refused(where + " has no '" + field + "' array");
        }
        if (array.size() != length) {
            throw refused(where + " has " + array.size() + " entries in '" + field + "' for " + length + " nodes");
        }
        return array;
    }

    private static float floatOf(JsonNode node, String what) {
        if (node.isBigDecimal()) {
            // Correctly rounded to the nearest float (BigDecimal.floatValue falls back to Float.parseFloat).
            return node.decimalValue().floatValue();
        }
        if (node.isNumber()) {
            return node.floatValue();
        }
        throw refused(what + " is not a number: " + node);
    }

    private static IllegalArgumentException refused(String reason) {
        return new IllegalArgumentException("Unsupported XGBoost model: " + reason);
    }

    /** A growable int array: no boxing for the ~10^5 nodes of a large model. */
    private static final class IntList {
        private int[] values = new int[256];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}

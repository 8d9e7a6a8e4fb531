package io.glint.training.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of every method under both protocols.
 *
 * @param methods method name ({@code model}, {@code popularity}, {@code itemknn}) to protocol ({@value #FULL}, {@value
 *     #SAMPLED}) to metrics, in that order
 * @param users the evaluated users
 * @param catalogueSize the items a method could recommend
 */
public record EvaluationResult(Map<String, Map<String, Metrics>> methods, int users, int catalogueSize) {
    /** Every catalogue item the user did not engage with in training is a candidate. */
    public static final String FULL = "full";
    /** The held-out item and 100 items the user never engaged with, drawn uniformly. */
    public static final String SAMPLED = "sampled100";

    public EvaluationResult {
        Map<String, Map<String, Metrics>> copy = new LinkedHashMap<>();
        methods.forEach(
                (method, protocols) -> copy.put(method, Collections.unmodifiableMap(new LinkedHashMap<>(protocols))));
        methods = Collections.unmodifiableMap(copy);
    }

    public Metrics get(String method, String protocol) {
        Map<String, Metrics> protocols = methods.get(method);
        return protocols == null ? null : protocols.get(protocol);
    }
}

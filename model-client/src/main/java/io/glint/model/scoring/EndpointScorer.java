package io.glint.model.scoring;

import io.glint.core.aws.AwsFutures;
import io.glint.domain.ranking.FeatureSchema;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * Scores through a SageMaker real-time endpoint ({@code InvokeEndpoint}, locally Glint's model server): every row in
 * one call as {@code text/csv} (a missing value is an empty field), one score per line back. The call has one attempt
 * and a deadline of its own, short enough that a fallback still answers within the request's budget. The endpoint
 * names its model version and feature-schema fingerprint in the custom-attributes header; scores of a model trained
 * on another schema are refused, never used.
 */
public final class EndpointScorer implements Scorer {
    static final String VERSION_ATTRIBUTE = "model-version";
    static final String SCHEMA_ATTRIBUTE = "schema";

    private final SageMakerRuntimeAsyncClient client;
    private final String endpointName;
    private final FeatureSchema schema;
    private final AwsRequestOverrideConfiguration deadline;

    /**
     * @param timeout the whole call's deadline, one attempt (a retry would not fit in the budget)
     */
    public EndpointScorer(
            SageMakerRuntimeAsyncClient client, String endpointName, FeatureSchema schema, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.endpointName = Objects.requireNonNull(endpointName, "endpointName");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.deadline = AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(timeout)
                .apiCallAttemptTimeout(timeout)
                .build();
    }

    @Override
    public Future<Scores> score(List<float[]> rows) {
        InvokeEndpointRequest request = InvokeEndpointRequest.builder()
                .endpointName(endpointName)
                .contentType("text/csv")
                .accept("text/csv")
                .body(SdkBytes.fromUtf8String(csv(rows, schema.width())))
                .overrideConfiguration(deadline)
                .build();
        return AwsFutures.onContext(client.invokeEndpoint(request)).map(response -> scores(response, rows.size()));
    }

    /** The rows as CSV: whole numbers as integers, other floats in Java's round-trip notation, NaN as an empty field. */
    static String csv(List<float[]> rows, int width) {
        StringBuilder csv = new StringBuilder(rows.size() * width * 6);
        for (float[] row : rows) {
            if (row.length != width) {
                throw new IllegalArgumentException("a row has " + row.length + " values, the schema " + width);
            }
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                float value = row[i];
                if (Float.isNaN(value)) {
                    continue;
                }
                int whole = (int) value;
                if (whole == value && (whole != 0 || Float.floatToRawIntBits(value) == 0)) {
                    csv.append(whole); // Counts and flags, most of a row: exact, and cheaper than Float.toString.
                } else {
                    csv.append(value);
                }
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private Scores scores(InvokeEndpointResponse response, int expected) {
        String attributes = response.customAttributes();
        String version = attribute(attributes, VERSION_ATTRIBUTE);
        String fingerprint = attribute(attributes, SCHEMA_ATTRIBUTE);
        if (fingerprint != null && !fingerprint.equals(schema.fingerprint())) {
            throw new IllegalStateException("endpoint " + endpointName + " serves a model of feature schema "
                    + fingerprint + ", this code builds " + schema.fingerprint());
        }
        String body = response.body().asString(StandardCharsets.UTF_8);
        String[] lines = body.strip().split("[\\r\\n,]+");
        if (body.isBlank() || lines.length != expected) {
            throw new IllegalStateException("endpoint " + endpointName + " returned "
                    + (body.isBlank() ? 0 : lines.length) + " scores for " + expected + " rows");
        }
        float[] scores = new float[expected];
        for (int i = 0; i < expected; i++) {
            scores[i] = Float.parseFloat(lines[i].strip());
        }
        return new Scores(scores, version == null ? "unknown" : version, ServedBy.ENDPOINT);
    }

    /** A {@code key=value} attribute of a comma-separated custom-attributes header, or null. */
    static String attribute(String attributes, String key) {
        if (attributes == null) {
            return null;
        }
        for (String pair : attributes.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().equals(key)) {
                return pair.substring(equals + 1).strip();
            }
        }
        return null;
    }
}

package io.glint.modelserver;

import io.glint.core.error.InvalidException;
import io.glint.core.error.UnavailableException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /invocations}, the container contract's inference call, and {@code POST /endpoints/{name}/invocations},
 * the path the AWS SDK's SageMaker Runtime client calls (so that the service's own client works against this server
 * with an endpoint override). {@code text/csv} in (see {@link CsvRows}), one score per line out, in row order.
 *
 * <p>The response says which model answered: {@code X-Amzn-SageMaker-Custom-Attributes: model-version=...,schema=...}
 * (the SDK's {@code InvokeEndpointResponse.customAttributes()}) and {@code X-Model-Version}. Any endpoint name is
 * accepted (one server serves one model); it is echoed in {@code X-Endpoint-Name}.
 */
final class InvocationsEndpoint {
    static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";
    static final String MODEL_VERSION = "X-Model-Version";
    static final String ENDPOINT_NAME = "X-Endpoint-Name";
    static final String CSV = "text/csv";

    /*
     * Where scoring runs. Measured on the shared 2-core build machine (under load, ModelScoringBenchmark): a ranking
     * request's 200 rows (22 KB of CSV) are parsed in ~0.1 ms and scored by 200 trees of depth 6 in ~0.7 ms (~18 ns per
     * row and tree). A ranking request therefore stays on the event loop: under a millisecond is well within
     * an event loop's budget, and a worker hand-off would add two thread hops without making the work smaller. A batch beyond ~50,000 row-trees (~1 ms), e.g. the 1,000-row
     * maximum on a large model, is scored on a worker thread, and a body beyond 256 KiB is parsed there too, so no
     * single request holds the event loop for milliseconds.
     */
    static final int INLINE_BODY_BYTES = 256 * 1024;

    static final long INLINE_ROW_TREES = 50_000;

    private static final Logger LOG = LoggerFactory.getLogger(InvocationsEndpoint.class);
    /** SageMaker's endpoint name rule; the name is echoed in a header, so nothing else passes. */
    private static final Pattern ENDPOINT = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

    private final ModelHolder holder;
    private final String modelName;
    private final int maxRows;

    InvocationsEndpoint(ModelHolder holder, String modelName, int maxRows) {
        this.holder = Objects.requireNonNull(holder, "holder");
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.maxRows = maxRows;
    }

    void addRoutes(Router router) {
        router.post("/invocations").handler(ctx -> invoke(ctx, null));
        router.post("/endpoints/:endpointName/invocations").handler(ctx -> invoke(ctx, ctx.pathParam("endpointName")));
    }

    private void invoke(RoutingContext ctx, String endpointName) {
        ServedModel served;
        byte[] body;
        try {
            if (endpointName != null && !ENDPOINT.matcher(endpointName).matches()) {
                throw new InvalidException("The endpoint name must be 1 to 63 letters, digits or '-'");
            }
            requireCsv(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
            served = holder.current().orElseThrow(() -> new UnavailableException(holder.unavailableReason()));
            Buffer buffer = ctx.body().buffer();
            body = buffer == null ? new byte[0] : buffer.getBytes();
        } catch (RuntimeException e) {
            ctx.fail(e);
            return;
        }
        if (endpointName != null && !endpointName.equals(modelName)) {
            LOG.debug("Endpoint '{}' invoked; this server serves model '{}'", endpointName, modelName);
        }
        score(ctx, served, body)
                .onSuccess(scores -> respond(ctx, served, endpointName, scores))
                .onFailure(ctx::fail);
    }

    private Future<float[]> score(RoutingContext ctx, ServedModel served, byte[] body) {
        int width = served.model().numFeatures();
        if (body.length > INLINE_BODY_BYTES) {
            return ctx.vertx()
                    .executeBlocking(() -> served.model().predict(CsvRows.parse(body, width, maxRows)), false);
        }
        try {
            float[][] rows = CsvRows.parse(body, width, maxRows);
            if ((long) rows.length * served.model().numTrees() > INLINE_ROW_TREES) {
                return ctx.vertx().executeBlocking(() -> served.model().predict(rows), false);
            }
            return Future.succeededFuture(served.model().predict(rows));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static void respond(RoutingContext ctx, ServedModel served, String endpointName, float[] scores) {
        StringBuilder csv = new StringBuilder(scores.length * 12);
        for (float score : scores) {
            // Float.toString: the shortest decimal that reads back as the same float.
            csv.append(score).append('\n');
        }
        var response = ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, CSV)
                .putHeader(
                        CUSTOM_ATTRIBUTES,
                        "model-version=" + served.version() + ",schema="
                                + served.schema().fingerprint())
                .putHeader(MODEL_VERSION, served.version());
        if (endpointName != null) {
            response.putHeader(ENDPOINT_NAME, endpointName);
        }
        response.end(csv.toString());
    }

    /** Accepts {@code text/csv}, with parameters ({@code text/csv; charset=utf-8}) or without. */
    private static void requireCsv(String contentType) {
        String mediaType =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(CSV)) {
            throw new UnsupportedMediaTypeException("This endpoint reads text/csv (one row per line), not "
                    + (contentType == null
                            ? "a body without Content-Type"
                            : "'" + contentType.substring(0, Math.min(100, contentType.length())) + "'"));
        }
    }
}

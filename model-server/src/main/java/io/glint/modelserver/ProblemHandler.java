package io.glint.modelserver;

import io.glint.core.error.GlintException;
import io.glint.core.error.PayloadTooLargeException;
import io.glint.core.error.Problem;
import io.glint.core.json.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model server's one failure handler: a {@link GlintException} becomes its problem, a 415 says which content type
 * is read, the body limit's 413 says the limit, any other framework status (404, 405) is a bare problem, and anything
 * else is a 500 whose details stay in the log. The api-verticle has its own (with request ids and contract errors); the
 * mapping itself, {@link Problem}, is core's and shared.
 */
final class ProblemHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    private final int maxBodyBytes;

    ProblemHandler(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            LOG.warn("Request failed after its response started", ctx.failure());
            ctx.response().reset();
            return;
        }
        String path = ctx.request().path();
        Throwable failure = ctx.failure();
        int status = failure instanceof HttpException http
                ? http.getStatusCode()
                : ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        Problem problem;
        if (failure instanceof GlintException known) {
            problem = Problem.from(known, path, null);
        } else if (failure instanceof UnsupportedMediaTypeException unsupported) {
            problem = new Problem(
                    "https://glint.dev/problems/http-415",
                    "Unsupported media type",
                    415,
                    unsupported.getMessage(),
                    path,
                    null,
                    List.of());
        } else if (status == 413) {
            problem = Problem.from(
                    new PayloadTooLargeException(
                            "The body is larger than " + maxBodyBytes + " bytes, SageMaker's payload limit"),
                    path,
                    null);
        } else if (failure == null || (failure instanceof HttpException && status < 500)) {
            problem =
                    Problem.ofStatus(status, HttpResponseStatus.valueOf(status).reasonPhrase(), path, null);
        } else {
            problem = Problem.from(failure, path, null);
        }
        if (problem.status() >= 500 && !(failure instanceof GlintException)) {
            LOG.error("Request {} {} failed", ctx.request().method(), path, failure);
        }
        ctx.response()
                .setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Buffer.buffer(Json.write(problem)));
    }
}

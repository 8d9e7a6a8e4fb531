package io.glint.api.http;

import io.glint.core.error.GlintException;
import io.glint.core.error.InvalidException;
import io.glint.core.error.NotFoundException;
import io.glint.core.error.PayloadTooLargeException;
import io.glint.core.error.Problem;
import io.glint.core.error.TooManyRequestsException;
import io.glint.core.error.UnavailableException;
import io.glint.core.json.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one failure handler: turns whatever failed a request (a {@link GlintException}, a contract violation, a framework
 * status such as 404, 405 or 413, or a bug) into an {@code application/problem+json} response. Bugs are logged with
 * their stack trace and the request id; clients see only the id.
 */
public final class ProblemHandler implements Handler<RoutingContext> {
    /** When a client should try again after a 503: stores recover from throttling within seconds. */
    static final String RETRY_UNAVAILABLE_SECONDS = "1";

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            LOG.warn("Request failed after its response started", ctx.failure());
            ctx.response().reset();
            return;
        }
        String requestId = RequestIdHandler.of(ctx);
        Throwable failure = classify(ctx);
        Problem problem;
        if (failure != null) {
            problem = Problem.from(failure, ctx.request().path(), requestId);
        } else {
            int status = ctx.failure() instanceof HttpException http
                    ? http.getStatusCode()
                    : ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            problem = Problem.ofStatus(
                    status,
                    HttpResponseStatus.valueOf(status).reasonPhrase(),
                    ctx.request().path(),
                    requestId);
        }
        if (problem.status() >= 500) {
            LOG.error(
                    "Request {} {} failed",
                    ctx.request().method(),
                    ctx.request().path(),
                    ctx.failure());
        }
        if (failure instanceof TooManyRequestsException limited) {
            ctx.response()
                    .putHeader(
                            "Retry-After",
                            Long.toString(Math.max(1, limited.retryAfter().toSeconds())));
        } else if (failure instanceof UnavailableException) {
            ctx.response().putHeader("Retry-After", RETRY_UNAVAILABLE_SECONDS);
        }
        ctx.response()
                .setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Buffer.buffer(Json.write(problem)));
    }

    /** The failure as one of ours, when it is one a client caused; {@code null} for a bare status. */
    private static Throwable classify(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof HttpException http) {
            Throwable cause = http.getCause();
            if (cause instanceof ValidatorException invalid) {
                return new InvalidException(invalid.getMessage(), List.of(), invalid);
            }
            return switch (http.getStatusCode()) {
                case 400 -> new InvalidException(messageOr(http, "The request is malformed"));
                case 404 -> new NotFoundException(messageOr(http, "No such resource"));
                case 413 -> new PayloadTooLargeException("The request body is larger than this endpoint accepts");
                default -> cause instanceof GlintException known ? known : null;
            };
        }
        if (failure instanceof ValidatorException invalid) {
            return new InvalidException(invalid.getMessage(), List.of(), invalid);
        }
        if (failure == null && ctx.statusCode() == 413) {
            return new PayloadTooLargeException("The request body is larger than this endpoint accepts");
        }
        return overloadedOrAway(failure);
    }

    /**
     * A store that throttles, answers 5xx or cannot be reached is a reason to retry shortly (503 with {@code
     * Retry-After}), not a bug (500): the SDK has spent its own retries by the time such a failure gets here.
     */
    static Throwable overloadedOrAway(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof AwsServiceException service
                && (service.isThrottlingException() || service.statusCode() >= 500)) {
            return new UnavailableException("a store is overloaded; retry in a moment", cause);
        }
        if (cause instanceof SdkClientException) {
            return new UnavailableException("a store could not be reached; retry in a moment", cause);
        }
        return failure;
    }

    private static String messageOr(HttpException http, String fallback) {
        String payload = http.getPayload();
        return payload == null || payload.isBlank() ? fallback : payload;
    }
}

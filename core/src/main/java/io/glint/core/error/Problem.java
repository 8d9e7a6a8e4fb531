package io.glint.core.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem details document, plus the request id and, for validation failures, the fields at fault.
 *
 * @param type a URI naming the problem type
 * @param title the type's human title
 * @param status the HTTP status
 * @param detail what went wrong in this occurrence; never internals for a 5xx
 * @param instance the request path
 * @param requestId the request id, also in the response's {@code X-Request-Id} header and in the logs
 * @param errors the fields at fault, for a 400
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String requestId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://glint.dev/problems/";

    /** One field at fault: a JSON pointer (or parameter name) and what is wrong with it. */
    public record FieldError(String field, String message) {}

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A problem for a bare HTTP status that the framework raised (404 no route, 405, 415…). */
    public static Problem ofStatus(int status, String title, String instance, String requestId) {
        if (status >= 500) {
            return from(new IllegalStateException(title), instance, requestId);
        }
        return new Problem(TYPE_BASE + "http-" + status, title, status, title, instance, requestId, List.of());
    }

    /**
     * Maps any failure to its problem document: a {@link GlintException} to its own status and message, anything else
     * to a 500 that says nothing of internals.
     */
    public static Problem from(Throwable failure, String instance, String requestId) {
        if (failure instanceof GlintException known) {
            return new Problem(
                    TYPE_BASE + known.type(),
                    known.title(),
                    known.status(),
                    known.getMessage(),
                    instance,
                    requestId,
                    known.errors());
        }
        return new Problem(
                TYPE_BASE + "internal-error",
                "Internal error",
                500,
                "The server failed to handle this request; quote the request id when reporting it.",
                instance,
                requestId,
                List.of());
    }
}

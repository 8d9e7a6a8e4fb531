package io.glint.core.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What {@code GET /health} returns: UP only when every check is UP.
 *
 * @param status UP or DOWN
 * @param checks each check's result by name
 */
public record HealthReport(Status status, Map<String, Result> checks) {

    public enum Status {
        UP,
        DOWN
    }

    /**
     * One check's outcome.
     *
     * @param status UP or DOWN
     * @param latencyMs how long the probe took
     * @param error why it is DOWN, if it is
     * @param details what the check reports beyond its state
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Result(Status status, long latencyMs, String error, Map<String, Object> details) {}

    public boolean up() {
        return status == Status.UP;
    }
}

package io.glint.model.scoring;

import java.util.List;

/**
 * The body {@link EndpointScorer} sends, for the model server's tests and benchmark: the server must read exactly what
 * the client writes. (Same package as the scorer, so its encoder stays package-private.)
 */
public final class EndpointBodies {
    private EndpointBodies() {}

    /** The {@code text/csv} body of an {@code InvokeEndpoint} call scoring these rows. */
    public static String csv(List<float[]> rows, int width) {
        return EndpointScorer.csv(rows, width);
    }
}

package io.glint.model.scoring;

import java.util.Locale;

/** Which path scored a request: every recommendation response says so. */
public enum ServedBy {
    /** The model behind the SageMaker endpoint (our model server locally). */
    ENDPOINT,
    /** The same model version evaluated in this process, when the endpoint is away. */
    EMBEDDED,
    /** No model: items by how many people engaged with them lately. */
    POPULARITY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.glint.api.analysis;

import io.vertx.core.Future;

/** The analysis worker's queue (the one S3 notifies of uploads), as the API writes to it. */
public interface UploadsQueue {

    /**
     * Tells the analysis worker that a post now exists for an object it may have analysed already, so that it decides
     * the post. The message is {@link PostCreatedMessage}; the worker's decisions are idempotent, so a redundant one is
     * harmless.
     *
     * @return a future failed with the SDK's exception when the queue cannot be found or did not accept the message
     */
    Future<Void> postCreated(String postId, String objectKey);
}

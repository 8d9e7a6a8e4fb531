package io.glint.api.posts;

import io.vertx.core.Future;

/** The uploaded objects behind posts, as far as the posts feature touches them: it deletes them with their post. */
public interface UploadObjects {
    /**
     * Deletes one object; deleting an object that is gone already succeeds.
     *
     * @return a future failed with the store's error when the delete could not be made
     */
    Future<Void> delete(String objectKey);
}

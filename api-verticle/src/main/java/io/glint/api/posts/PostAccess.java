package io.glint.api.posts;

import io.glint.core.error.NotFoundException;
import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.vertx.core.Future;

/** The one rule of who sees a post, for every endpoint that works on one. */
public final class PostAccess {
    private PostAccess() {}

    /**
     * The post, if {@code viewer} may see it (published, or theirs).
     *
     * @return a future failed with {@link NotFoundException} otherwise: an unpublished post does not exist for others
     */
    public static Future<Post> visiblePost(PostRepository posts, String postId, String viewer) {
        return posts.find(postId)
                .compose(found -> found.isPresent() && found.get().visibleTo(viewer)
                        ? Future.succeededFuture(found.get())
                        : Future.failedFuture(new NotFoundException("no post " + postId)));
    }
}

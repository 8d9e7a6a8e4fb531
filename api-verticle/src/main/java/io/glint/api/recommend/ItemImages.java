package io.glint.api.recommend;

import io.glint.api.http.ImageUrls;
import io.glint.domain.posts.Post;
import java.util.Objects;

/** The image URL a recommended post shows: an interface so that the ranking can be tested without signing URLs. */
@FunctionalInterface
public interface ItemImages {

    /** A URL of {@code post}'s image, or null when it has none. */
    String urlOf(Post post);

    /** Signed URLs of the posts' objects, as every other response gives them. */
    static ItemImages of(ImageUrls urls) {
        Objects.requireNonNull(urls, "urls");
        return post -> urls.get(post.objectKey());
    }
}

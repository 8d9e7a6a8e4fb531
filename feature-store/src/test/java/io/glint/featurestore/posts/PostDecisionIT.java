package io.glint.featurestore.posts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glint.core.error.ConflictException;
import io.glint.core.error.NotFoundException;
import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.glint.domain.uploads.Upload;
import io.glint.featurestore.uploads.DynamoUploadRepository;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The analysis pipeline's decision on a post, as the repository records it. */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class PostDecisionIT {

    @Test
    void aProcessingPostIsDecidedOnceAndARedeliveryChangesNothing(io.vertx.core.Vertx vertx, TestStack stack) {
        PostRepository posts = new DynamoPostRepository(vertx, stack.clients().dynamoDb(), stack.names());
        Post post = newPost(stack, posts);

        Post blocked = posts.decide(post.postId(), Post.Status.BLOCKED, "explicit content")
                .await();
        assertThat(blocked.status()).isEqualTo(Post.Status.BLOCKED);
        assertThat(blocked.statusReason()).isEqualTo("explicit content");

        assertThat(posts.decide(post.postId(), Post.Status.BLOCKED, "explicit content")
                        .await())
                .as("the same decision redelivered")
                .isEqualTo(blocked);
        assertThatThrownBy(() ->
                        posts.decide(post.postId(), Post.Status.PUBLISHED, "").await())
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("blocked");
        assertThatThrownBy(() -> posts.decide(UUID.randomUUID().toString(), Post.Status.PUBLISHED, "")
                        .await())
                .isInstanceOf(NotFoundException.class);
        assertThat(posts.find(post.postId()).await().orElseThrow().status()).isEqualTo(Post.Status.BLOCKED);
    }

    private static Post newPost(TestStack stack, PostRepository posts) {
        String userId = UUID.randomUUID().toString();
        String uploadId = UUID.randomUUID().toString();
        new DynamoUploadRepository(stack.clients().dynamoDb(), stack.names())
                .create(new Upload(
                        uploadId, userId, Upload.objectKey(userId, uploadId), "image/png", 10, Instant.now()))
                .await();
        return posts.create(new Post(
                        UUID.randomUUID().toString(),
                        userId,
                        uploadId,
                        Upload.objectKey(userId, uploadId),
                        "",
                        Post.Status.PROCESSING,
                        "",
                        0,
                        0,
                        Instant.now()))
                .await();
    }
}

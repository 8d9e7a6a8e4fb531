package io.glint.api.fakes;

import io.glint.core.error.ForbiddenException;
import io.glint.core.error.NotFoundException;
import io.glint.domain.posts.Comment;
import io.glint.domain.posts.CommentRepository;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Comments in a map, with the DynamoDB repository's rules of who may edit and delete. */
public final class InMemoryComments implements CommentRepository {
    public final Map<String, Comment> comments = new ConcurrentHashMap<>();

    @Override
    public Future<Comment> create(Comment comment) {
        comments.put(comment.commentId(), comment);
        return Future.succeededFuture(comment);
    }

    @Override
    public Future<Comment> edit(String postId, String commentId, String authorId, String text, Instant at) {
        Comment comment = comments.get(commentId);
        if (comment == null || !comment.postId().equals(postId)) {
            return Future.failedFuture(new NotFoundException("no comment " + commentId));
        }
        if (!comment.authorId().equals(authorId)) {
            return Future.failedFuture(new ForbiddenException("only the comment's author may do that"));
        }
        Comment edited = new Comment(postId, commentId, authorId, text, comment.createdAt(), at);
        comments.put(commentId, edited);
        return Future.succeededFuture(edited);
    }

    @Override
    public Future<Void> delete(String postId, String commentId, String callerId, boolean asPostOwner) {
        Comment comment = comments.get(commentId);
        if (comment == null || !comment.postId().equals(postId)) {
            return Future.failedFuture(new NotFoundException("no comment " + commentId));
        }
        if (!asPostOwner && !comment.authorId().equals(callerId)) {
            return Future.failedFuture(new ForbiddenException("only the comment's author or the post's owner"));
        }
        comments.remove(commentId);
        return Future.succeededFuture();
    }

    @Override
    public Future<Page> list(String postId, int limit, String cursor) {
        return Future.succeededFuture(new Page(
                comments.values().stream()
                        .filter(comment -> comment.postId().equals(postId))
                        .sorted(Comparator.comparing(Comment::commentId))
                        .limit(limit)
                        .toList(),
                Optional.empty()));
    }
}

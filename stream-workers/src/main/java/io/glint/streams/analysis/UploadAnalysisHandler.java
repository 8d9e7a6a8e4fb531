package io.glint.streams.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.aws.AwsFutures;
import io.glint.core.aws.Infrastructure;
import io.glint.core.error.ConflictException;
import io.glint.core.error.NotFoundException;
import io.glint.core.error.UnavailableException;
import io.glint.core.json.Json;
import io.glint.domain.analysis.Analysis;
import io.glint.domain.analysis.Analysis.Verdict;
import io.glint.domain.analysis.AnalysisRepository;
import io.glint.domain.feed.PostPublisher;
import io.glint.domain.posts.Post;
import io.glint.domain.uploads.UploadRepository;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.media.ImageValidator;
import io.glint.media.RejectionReason;
import io.glint.media.Rendition;
import io.glint.media.ValidationResult;
import io.glint.streams.sqs.MessageHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.rekognition.RekognitionAsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Analyses one uploaded object per S3 notification: validates it ({@link ImageValidator}: nothing the client declared
 * is trusted), writes its display and thumbnail renditions next to it, asks Rekognition what it shows, stores the result
 * once per object, and decides the post made from the upload, if there is one yet: {@code published}, {@code blocked}
 * (moderation over the threshold) or {@code rejected} (not an acceptable image). A published post's labels go onto the
 * interactions stream as its {@code post_published} event, from which the stream workers fill the item's features.
 *
 * <p>Idempotent: a redelivered or duplicated notification finds the stored result and only repeats the decision, which
 * is harmless. A post created after its upload was analysed is decided when the API reports it ({@code {"glint":
 * "post-created", ...}} on the same queue), or found by the worker's own delayed rechecks of an upload that had no
 * post yet. An upload that can never be analysed (not an image, too large…) is a
 * result, not a failure: nothing is retried for it. Only infrastructure failures fail the message, to be retried with
 * backoff and dead-lettered after the queue's {@code maxReceiveCount}.
 */
public final class UploadAnalysisHandler implements MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UploadAnalysisHandler.class);
    private static final Pattern UPLOAD_KEY =
            Pattern.compile(Pattern.quote(Infrastructure.UPLOADS_PREFIX) + "([^/]+)/([^/]+)");
    /** Where renditions go, in the uploads bucket but outside the prefix that notifies the queue. */
    public static final String RENDITIONS_PREFIX = "renditions/";

    private final Vertx vertx;
    private final S3AsyncClient s3;
    private final SqsAsyncClient sqs;
    private Future<String> queueUrl;
    private final ImageAnalyzer analyzer;
    private final ImageValidator validator;
    private final AnalysisRepository analyses;
    private final UploadRepository uploads;
    private final PostPublisher publisher;
    private final EventPublisher events;
    private final AnalysisWorkerConfig config;
    private final Clock clock;

    public UploadAnalysisHandler(
            Vertx vertx,
            S3AsyncClient s3,
            SqsAsyncClient sqs,
            RekognitionAsyncClient rekognition,
            AnalysisRepository analyses,
            UploadRepository uploads,
            PostPublisher publisher,
            EventPublisher events,
            AnalysisWorkerConfig config,
            Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.analyses = Objects.requireNonNull(analyses, "analyses");
        this.uploads = Objects.requireNonNull(uploads, "uploads");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.events = Objects.requireNonNull(events, "events");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.analyzer = new ImageAnalyzer(rekognition, config);
        this.validator = new ImageValidator(config.limits());
    }

    /** The key of a rendition of an upload, e.g. {@code renditions/<owner>/<upload>/display}. */
    public static String renditionKey(String objectKey, String name) {
        return RENDITIONS_PREFIX + objectKey.substring(Infrastructure.UPLOADS_PREFIX.length()) + "/" + name;
    }

    @Override
    public Future<Void> handle(Message message) {
        String body = message.body();
        Optional<Recheck> recheck = Recheck.parse(body);
        if (recheck.isPresent()) {
            return recheck(recheck.get());
        }
        Optional<PostCreated> postCreated = PostCreated.parse(body);
        if (postCreated.isPresent()) {
            return analyses.find(postCreated.get().objectKey()).compose(found -> found.map(
                            analysis -> decide(postCreated.get().postId(), analysis))
                    .orElseGet(Future::succeededFuture)); // Not analysed yet: the analysis decides it.
        }
        List<ObjectCreated> created = S3Notifications.objectsCreated(body);
        if (created.isEmpty()) {
            LOG.info(
                    "Ignored message {}: {}",
                    message.messageId(),
                    S3Notifications.isTestEvent(body) ? "an S3 test event" : "no ObjectCreated record");
            return Future.succeededFuture();
        }
        Future<Void> all = Future.succeededFuture();
        for (ObjectCreated object : created) {
            all = all.compose(done -> analyse(object));
        }
        return all;
    }

    private Future<Void> analyse(ObjectCreated object) {
        Matcher key = UPLOAD_KEY.matcher(object.key());
        if (!key.matches()) {
            LOG.warn("Ignored s3://{}/{}: not an upload key", object.bucket(), object.key());
            return Future.succeededFuture();
        }
        String ownerId = key.group(1);
        String uploadId = key.group(2);
        long started = System.nanoTime();
        return analyses.find(object.key())
                .compose(stored ->
                        stored.map(Future::succeededFuture).orElseGet(() -> analyseNew(object, ownerId, started)))
                .compose(analysis -> uploads.postOf(uploadId)
                        .compose(post -> post.map(postId -> decide(postId, analysis))
                                .orElseGet(() -> scheduleRecheck(new Recheck(object.key(), uploadId, 0)))));
    }

    /**
     * No post was made from the upload yet. The API reports a post made later ({@code post-created}); in case that
     * report is lost, the worker looks again after each of the configured delays, then gives the upload up.
     */
    private Future<Void> scheduleRecheck(Recheck recheck) {
        if (recheck.attempt() >= config.recheckDelays().size()) {
            LOG.info("No post was made from {}; it stays analysed and unpublished", recheck.objectKey());
            return Future.succeededFuture();
        }
        int delay = (int) config.recheckDelays().get(recheck.attempt()).toSeconds();
        return queueUrl()
                .compose(url -> AwsFutures.onContext(sqs.sendMessage(send ->
                        send.queueUrl(url).delaySeconds(delay).messageBody(Json.writeString(recheck.message())))))
                .mapEmpty();
    }

    private Future<Void> recheck(Recheck recheck) {
        return uploads.postOf(recheck.uploadId()).compose(post -> {
            if (post.isEmpty()) {
                return scheduleRecheck(recheck.next());
            }
            return analyses.find(recheck.objectKey())
                    .compose(analysis ->
                            analysis.map(found -> decide(post.get(), found)).orElseGet(Future::succeededFuture));
        });
    }

    private synchronized Future<String> queueUrl() {
        if (queueUrl == null || queueUrl.failed()) {
            queueUrl = AwsFutures.onContext(sqs.getQueueUrl(
                            get -> get.queueName(config.consumer().queueName())))
                    .map(response -> response.queueUrl());
        }
        return queueUrl;
    }

    /** Reads, validates and analyses the object, and stores the result (or finds the one a twin delivery stored). */
    private Future<Analysis> analyseNew(ObjectCreated object, String ownerId, long started) {
        int maxBytes = config.limits().maxBytes();
        if (object.size() == 0) {
            return store(rejected(object.key(), ownerId, RejectionReason.EMPTY.wireText(), started));
        }
        if (object.size() > maxBytes) {
            return store(
                    rejected(object.key(), ownerId, RejectionReason.TOO_LARGE.wireText(), started)); // Not even read.
        }
        // One byte over the limit is enough to know it is too large, whatever the notification said.
        return AwsFutures.onContext(s3.getObject(
                        get -> get.bucket(object.bucket()).key(object.key()).range("bytes=0-" + maxBytes),
                        AsyncResponseTransformer.toBytes()))
                .map(response -> response.asByteArray())
                // A ranged read of an empty object is "416 Range Not Satisfiable": the object has no bytes.
                .recover(error -> error instanceof S3Exception s3Error && s3Error.statusCode() == 416
                        ? Future.succeededFuture(new byte[0])
                        : Future.failedFuture(error))
                .compose(bytes -> vertx.executeBlocking(() -> validator.validate(bytes), false))
                .compose(verdict -> {
                    if (verdict instanceof ValidationResult.Rejected rejected) {
                        LOG.info("Rejected s3://{}/{}: {}", object.bucket(), object.key(), rejected.detail());
                        return Future.succeededFuture(rejected(object.key(), ownerId, rejected.wireText(), started));
                    }
                    return accept(object, ownerId, (ValidationResult.Accepted) verdict, started);
                })
                .compose(this::store);
    }

    private Future<Analysis> accept(
            ObjectCreated object, String ownerId, ValidationResult.Accepted image, long started) {
        Future<Void> renditions = Future.all(
                        put(object.bucket(), renditionKey(object.key(), "display"), image.display()),
                        put(object.bucket(), renditionKey(object.key(), "thumbnail"), image.thumbnail()))
                .mapEmpty();
        return Future.all(renditions, analyzer.analyse(image.display().bytes())).map(done -> {
            ImageAnalyzer.Findings findings = done.resultAt(1);
            Optional<Analysis.ModerationLabel> blocking = findings.blocking(config.moderationThreshold());
            return new Analysis(
                    object.key(),
                    ownerId,
                    blocking.isPresent() ? Verdict.BLOCKED : Verdict.ACCEPTED,
                    blocking.map(label -> "blocked: " + label.name()).orElse(null),
                    new Analysis.Image(
                            image.format().name().toLowerCase(Locale.ROOT),
                            image.width(),
                            image.height(),
                            image.frames()),
                    findings.labels(),
                    findings.moderation(),
                    findings.faces(),
                    millisSince(started),
                    clock.instant());
        });
    }

    private Future<Void> put(String bucket, String key, Rendition rendition) {
        return AwsFutures.onContext(s3.putObject(
                        put -> put.bucket(bucket)
                                .key(key)
                                .contentType(rendition.mimeType())
                                .cacheControl("public, max-age=31536000, immutable"),
                        AsyncRequestBody.fromBytes(rendition.bytes())))
                .mapEmpty();
    }

    private Future<Analysis> store(Analysis analysis) {
        return analyses.record(analysis)
                .compose(stored -> stored
                        ? Future.succeededFuture(analysis)
                        // A twin delivery stored its result first: that one stands.
                        : analyses.find(analysis.objectKey()).map(found -> found.orElse(analysis)));
    }

    private Analysis rejected(String objectKey, String ownerId, String reason, long started) {
        return new Analysis(
                objectKey,
                ownerId,
                Verdict.REJECTED,
                reason,
                null,
                List.of(),
                List.of(),
                List.of(),
                millisSince(started),
                clock.instant());
    }

    /** Moves the post as the analysis says; a published post's labels go to the stream. */
    private Future<Void> decide(String postId, Analysis analysis) {
        Post.Status status =
                switch (analysis.verdict()) {
                    case ACCEPTED -> Post.Status.PUBLISHED;
                    case BLOCKED -> Post.Status.BLOCKED;
                    case REJECTED -> Post.Status.REJECTED;
                };
        String reason = analysis.reason() == null ? "" : analysis.reason();
        return publisher
                .decide(postId, status, reason)
                .compose(post -> {
                    if (post.status() != Post.Status.PUBLISHED) {
                        return Future.<Void>succeededFuture();
                    }
                    if (!events.publish(published(post, analysis))) {
                        // Deleting the message now would lose the event for good: fail it, and the message comes
                        // back; the decision repeats (the same status) and so does the event (the same id).
                        return Future.<Void>failedFuture(new UnavailableException("the post_published event of post "
                                + post.postId() + " was refused (the publisher's buffer is full); retried"));
                    }
                    return events.flush();
                })
                .recover(error -> {
                    // Deleted meanwhile, or decided otherwise before: nothing this message can change.
                    if (error instanceof NotFoundException || error instanceof ConflictException) {
                        LOG.info("Post {} not decided from {}: {}", postId, analysis.objectKey(), error.getMessage());
                        return Future.succeededFuture();
                    }
                    return Future.failedFuture(error);
                });
    }

    /**
     * The {@code post_published} event: the author publishes the post; its labels and categories ride in the context
     * for the stream workers. Its id is derived from the post, so a repeated decision repeats the same event.
     */
    private InteractionEvent published(Post post, Analysis analysis) {
        Set<String> labels = new LinkedHashSet<>();
        Set<String> categories = new LinkedHashSet<>();
        for (Analysis.Label label : analysis.labels()) {
            labels.add(label.name());
            categories.addAll(label.categories());
        }
        String eventId = UUID.nameUUIDFromBytes(("post_published:" + post.postId()).getBytes(StandardCharsets.UTF_8))
                .toString()
                .replace("-", "");
        return new InteractionEvent(
                eventId,
                post.authorId(),
                post.postId(),
                EventType.POST_PUBLISHED,
                clock.instant(),
                Map.of(
                        "labels", String.join(",", labels),
                        "categories", String.join(",", categories),
                        "faces", Integer.toString(analysis.faces().size())),
                1);
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The worker's own reminder to look for a post made from an analysed upload. */
    record Recheck(String objectKey, String uploadId, int attempt) {
        Map<String, Object> message() {
            return Map.of("glint", "recheck", "objectKey", objectKey, "uploadId", uploadId, "attempt", attempt);
        }

        Recheck next() {
            return new Recheck(objectKey, uploadId, attempt + 1);
        }

        static Optional<Recheck> parse(String body) {
            try {
                JsonNode root = Json.mapper().readTree(body);
                if (root != null
                        && "recheck".equals(root.path("glint").asText())
                        && root.path("objectKey").isTextual()
                        && root.path("uploadId").isTextual()
                        && root.path("attempt").isInt()) {
                    return Optional.of(new Recheck(
                            root.path("objectKey").asText(),
                            root.path("uploadId").asText(),
                            root.path("attempt").asInt()));
                }
            } catch (IOException e) {
                // Not JSON: not ours either.
            }
            return Optional.empty();
        }
    }

    /** The API's report that a post was created from an upload already analysed. */
    record PostCreated(String postId, String objectKey) {
        static Optional<PostCreated> parse(String body) {
            try {
                JsonNode root = Json.mapper().readTree(body);
                if (root != null
                        && "post-created".equals(root.path("glint").asText())
                        && root.path("postId").isTextual()
                        && root.path("objectKey").isTextual()) {
                    return Optional.of(new PostCreated(
                            root.path("postId").asText(), root.path("objectKey").asText()));
                }
            } catch (IOException e) {
                // Not JSON: not ours either.
            }
            return Optional.empty();
        }
    }
}

package io.glint.streams.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.core.config.Env;
import io.glint.core.metrics.Metrics;
import io.glint.core.testing.TestSettings;
import io.glint.core.vertx.VertxFactory;
import io.glint.core.vertx.VertxSettings;
import io.glint.domain.analysis.Analysis;
import io.glint.domain.analysis.Analysis.Verdict;
import io.glint.domain.analysis.AnalysisRepository;
import io.glint.domain.feed.PostPublisher;
import io.glint.domain.posts.Post;
import io.glint.domain.posts.PostRepository;
import io.glint.domain.uploads.Upload;
import io.glint.domain.uploads.UploadRepository;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.events.kinesis.KinesisEventPublisher;
import io.glint.featurestore.analysis.DynamoAnalysisRepository;
import io.glint.featurestore.feed.DynamoFeedRepository;
import io.glint.featurestore.posts.DynamoPostRepository;
import io.glint.featurestore.uploads.DynamoUploadRepository;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.StackRekognition;
import io.glint.localstack.junit.TestStack;
import io.glint.localstack.node.NodePackage;
import io.glint.streams.sqs.SqsConsumerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The upload analysis worker end to end on the local stack: a PUT to the uploads bucket notifies the queue, the worker
 * validates the object, writes renditions, asks the Rekognition-compatible analyzer (real models), stores the result
 * and decides the post; a published post's labels go onto the interactions stream. Bad uploads end rejected with their
 * reason, once, with nothing left on the queue or its dead-letter queue.
 */
@ExtendWith(LocalStackExtension.class)
@StackRekognition
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadAnalysisIT {
    private static final int RECHECK_SECONDS = 20;
    private static final String PHOTO = "node_modules/@vladmandic/human/assets/screenshot-facedetect.jpg";

    private Metrics metrics;
    private Vertx vertx;
    private TestStack stack;
    private AnalysisRepository analyses;
    private UploadRepository uploads;
    private PostRepository posts;
    private KinesisEventPublisher events;
    private SqsConsumerVerticle consumer;
    /** How many of the next events the handler's publisher refuses, as a full buffer does. */
    private final AtomicInteger refusals = new AtomicInteger();

    @BeforeAll
    void worker(TestStack stack) {
        this.stack = stack;
        metrics = new Metrics("test");
        vertx = VertxFactory.create(new VertxSettings(1, TestSettings.maxEventLoopTime()), metrics);
        // Rechecks 20 s apart: well after the hand-off test's post is decided, so each test shows its own path.
        Env env = stack.env().withOverrides(Map.of(AnalysisWorkerConfig.RECHECK_DELAYS, RECHECK_SECONDS + ",20"));
        AnalysisWorkerConfig config = AnalysisWorkerConfig.from(env);
        analyses = new DynamoAnalysisRepository(stack.clients().dynamoDb(), stack.names());
        uploads = new DynamoUploadRepository(stack.clients().dynamoDb(), stack.names());
        posts = new DynamoPostRepository(vertx, stack.clients().dynamoDb(), stack.names());
        events = new KinesisEventPublisher(
                vertx,
                stack.clients().kinesis(),
                stack.names().interactionsStream(),
                config.events(),
                metrics.registry());
        Clock clock = Clock.systemUTC();
        UploadAnalysisHandler handler = new UploadAnalysisHandler(
                vertx,
                stack.clients().s3(),
                stack.clients().sqs(),
                stack.clients().rekognition(),
                analyses,
                uploads,
                new PostPublisher(
                        posts,
                        new DynamoFeedRepository(
                                vertx, stack.clients().dynamoDb(), stack.names(), config.feed(), clock)),
                new RefusingFirst(events, refusals),
                config,
                clock);
        consumer = new SqsConsumerVerticle(config.consumer(), stack.clients().sqs(), handler, metrics.registry());
        vertx.deployVerticle(consumer).await();
    }

    @AfterAll
    void stop() {
        events.close().await();
        vertx.close().await();
        metrics.close();
    }

    @Test
    void aRealPhotoIsPublishedWithLabelsFacesRenditionsAndAStreamEvent() throws Exception {
        byte[] photo = Files.readAllBytes(NodePackage.install().file(PHOTO));
        Post post = postFor(photo, "image/jpeg");

        Analysis analysis = awaitDecided(post, Post.Status.PUBLISHED);

        assertThat(analysis.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(analysis.image().format()).isEqualTo("jpeg");
        assertThat(analysis.labels()).extracting(Analysis.Label::name).contains("Person");
        assertThat(analysis.faces()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(analysis.moderation()).noneMatch(label -> label.confidence() >= 80);
        byte[] display = object(UploadAnalysisHandler.renditionKey(post.objectKey(), "display"));
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(display)).getWidth())
                .isLessThanOrEqualTo(1600);
        assertThat(object(UploadAnalysisHandler.renditionKey(post.objectKey(), "thumbnail")))
                .isNotEmpty();
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> assertThat(publishedEvents(post)).singleElement().satisfies(event -> {
                            assertThat(event.userId()).isEqualTo(post.authorId());
                            assertThat(event.context().get("labels")).contains("Person");
                        }));
    }

    @Test
    void aDrawnTransparentPngAndAnAnimatedGifArePublished() throws Exception {
        BufferedImage transparent = new BufferedImage(400, 300, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = transparent.createGraphics();
        g.setColor(new Color(200, 30, 30));
        g.fillOval(100, 50, 200, 200);
        g.setColor(Color.BLACK);
        g.drawString("Glint", 180, 150);
        g.dispose();
        Post png = postFor(encode(transparent, "png"), "image/png");
        Post gif = postFor(animatedGif(), "image/gif");

        assertThat(awaitDecided(png, Post.Status.PUBLISHED).image().format()).isEqualTo("png");
        byte[] pngDisplay = object(UploadAnalysisHandler.renditionKey(png.objectKey(), "display"));
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(pngDisplay)).getRGB(0, 0) >>> 24)
                .as("the transparent corner stays transparent")
                .isZero();
        Analysis animated = awaitDecided(gif, Post.Status.PUBLISHED);
        assertThat(animated.image().format()).isEqualTo("gif");
        assertThat(animated.image().frames()).isEqualTo(3);
    }

    @Test
    void badUploadsAreRejectedWithTheirReasonOnceAndNothingIsLeftToRetry() throws Exception {
        byte[] jpeg = encode(opaque(640, 480), "jpg");
        Map<String, byte[]> bad = Map.of(
                "rejected: not an image", "this is not a JPEG at all".getBytes(),
                "rejected: empty", new byte[0],
                "rejected: corrupt image", Arrays.copyOf(jpeg, jpeg.length / 2),
                "rejected: too many pixels", bomb());
        Map<String, Post> postsByReason = new java.util.HashMap<>();
        for (var entry : bad.entrySet()) {
            postsByReason.put(entry.getKey(), postFor(entry.getValue(), "image/jpeg"));
        }

        for (var entry : postsByReason.entrySet()) {
            Analysis analysis = awaitDecided(entry.getValue(), Post.Status.REJECTED);
            assertThat(analysis.reason()).isEqualTo(entry.getKey());
            assertThat(posts.find(entry.getValue().postId())
                            .await()
                            .orElseThrow()
                            .statusReason())
                    .isEqualTo(entry.getKey());
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(messages(stack.names().uploadsQueue())).isZero();
            assertThat(messages(stack.names().uploadsDeadLetterQueue())).isZero();
        });
    }

    @Test
    void aDuplicateNotificationChangesNothingAndAPostMadeAfterItsAnalysisIsDecidedWhenReported() throws Exception {
        String owner = "u-" + UUID.randomUUID();
        String uploadId = UUID.randomUUID().toString();
        String key = "uploads/" + owner + "/" + uploadId;
        uploads.create(new Upload(uploadId, owner, key, "image/jpeg", 1, Instant.now()))
                .await();
        put(key, encode(opaque(320, 240), "jpg"));
        Analysis first = await().atMost(Duration.ofSeconds(60))
                .until(() -> analyses.find(key).await(), found -> found.isPresent())
                .orElseThrow();

        // The same upload notified again (S3 delivers at least once): the stored result stands.
        put(key, encode(opaque(320, 240), "jpg"));
        Thread.sleep(3_000);
        assertThat(analyses.find(key).await()).contains(first);

        // A post made only now: the API reports it on the queue, and the worker decides it from the stored analysis.
        Post post = newPost(owner, uploadId, key, "late");
        String queueUrl = stack.clients()
                .sqs()
                .getQueueUrl(get -> get.queueName(stack.names().uploadsQueue()))
                .get(10, TimeUnit.SECONDS)
                .queueUrl();
        stack.clients()
                .sqs()
                .sendMessage(send -> send.queueUrl(queueUrl)
                        .messageBody("{\"glint\":\"post-created\",\"postId\":\"" + post.postId() + "\",\"objectKey\":\""
                                + key + "\"}"))
                .get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(RECHECK_SECONDS / 2))
                .until(() -> posts.find(post.postId()).await().orElseThrow().status() == Post.Status.PUBLISHED);
    }

    @Test
    void aPostMadeAfterItsAnalysisWhoseReportWasLostIsFoundByTheWorkersRecheck() throws Exception {
        String owner = "u-" + UUID.randomUUID();
        String uploadId = UUID.randomUUID().toString();
        String key = "uploads/" + owner + "/" + uploadId;
        uploads.create(new Upload(uploadId, owner, key, "image/png", 1, Instant.now()))
                .await();
        put(key, encode(opaque(200, 200), "png"));
        await().atMost(Duration.ofSeconds(60)).until(() -> analyses.find(key).await(), found -> found.isPresent());

        // Made now, with no report to the worker (as when the API's send failed).
        Post post = newPost(owner, uploadId, key, "report lost");

        await().atMost(Duration.ofSeconds(RECHECK_SECONDS * 3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> posts.find(post.postId()).await().orElseThrow().status() == Post.Status.PUBLISHED);
    }

    // --- helpers

    /** An upload slot, its post (processing), then the bytes PUT to S3, which notifies the queue. */
    @Test
    void aPublishedPostsEventRefusedByAFullBufferIsRetriedNotLost() throws Exception {
        BufferedImage drawn = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = drawn.createGraphics();
        g.setColor(new Color(30, 120, 200));
        g.fillRect(40, 40, 240, 160);
        g.dispose();
        refusals.set(1);

        Post post = postFor(encode(drawn, "png"), "image/png");

        awaitDecided(post, Post.Status.PUBLISHED);
        // The refused event's message came back and was handled again: the event is on the stream, once.
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(publishedEvents(post)).hasSize(1));
        assertThat(refusals).hasValue(0);
    }

    /** A publisher that refuses the next {@code refusals} events, then passes everything on. */
    private record RefusingFirst(EventPublisher inner, AtomicInteger refusals) implements EventPublisher {
        @Override
        public boolean publish(InteractionEvent event) {
            if (refusals.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                return false;
            }
            return inner.publish(event);
        }

        @Override
        public Future<Void> flush() {
            return inner.flush();
        }

        @Override
        public Future<Void> close() {
            return inner.close();
        }
    }

    private Post postFor(byte[] bytes, String contentType) throws Exception {
        String owner = "u-" + UUID.randomUUID();
        String uploadId = UUID.randomUUID().toString();
        String key = "uploads/" + owner + "/" + uploadId;
        uploads.create(new Upload(uploadId, owner, key, contentType, bytes.length, Instant.now()))
                .await();
        Post post = newPost(owner, uploadId, key, "caption");
        put(key, bytes);
        return post;
    }

    /** A processing post made from the upload, straight in the store (what the API's create does). */
    private Post newPost(String owner, String uploadId, String key, String caption) {
        return posts.create(new Post(
                        UUID.randomUUID().toString(),
                        owner,
                        uploadId,
                        key,
                        caption,
                        Post.Status.PROCESSING,
                        "",
                        0,
                        0,
                        Instant.now()))
                .await();
    }

    private void put(String key, byte[] bytes) throws Exception {
        stack.clients()
                .s3()
                .putObject(put -> put.bucket(stack.names().uploadsBucket()).key(key), AsyncRequestBody.fromBytes(bytes))
                .get(30, TimeUnit.SECONDS);
    }

    private Analysis awaitDecided(Post post, Post.Status status) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(
                                posts.find(post.postId()).await().orElseThrow().status())
                        .isEqualTo(status));
        return analyses.find(post.objectKey()).await().orElseThrow();
    }

    private byte[] object(String key) throws Exception {
        try {
            return stack.clients()
                    .s3()
                    .getObject(
                            get -> get.bucket(stack.names().uploadsBucket()).key(key),
                            software.amazon.awssdk.core.async.AsyncResponseTransformer.toBytes())
                    .get(30, TimeUnit.SECONDS)
                    .asByteArray();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                return new byte[0];
            }
            throw e;
        }
    }

    private List<InteractionEvent> publishedEvents(Post post) throws Exception {
        return stack.streamRecords().values().stream()
                .flatMap(List::stream)
                .map(record -> InteractionEvent.decode(record.data().asByteArray()))
                .filter(event -> event.type() == EventType.POST_PUBLISHED)
                .filter(event -> event.itemId().equals(post.postId()))
                .toList();
    }

    private int messages(String queue) throws Exception {
        String url = stack.clients()
                .sqs()
                .getQueueUrl(get -> get.queueName(queue))
                .get(10, TimeUnit.SECONDS)
                .queueUrl();
        Map<QueueAttributeName, String> attributes = stack.clients()
                .sqs()
                .getQueueAttributes(get -> get.queueUrl(url)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .get(10, TimeUnit.SECONDS)
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static BufferedImage opaque(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40, 120, 200));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.drawString("hello", width / 3, height / 2);
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no writer for " + format);
        }
        return out.toByteArray();
    }

    /** Three frames of different colours, written as one GIF sequence. */
    private static byte[] animatedGif() throws IOException {
        javax.imageio.ImageWriter writer =
                ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (Color color : List.of(Color.RED, Color.GREEN, Color.BLUE)) {
                BufferedImage frame = new BufferedImage(240, 160, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = frame.createGraphics();
                g.setColor(color);
                g.fillRect(0, 0, 240, 160);
                g.dispose();
                writer.writeToSequence(new javax.imageio.IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A small valid PNG whose header claims 100,000 x 100,000 pixels (CRC fixed), as a decompression bomb does. */
    private static byte[] bomb() throws IOException {
        byte[] png = encode(opaque(8, 8), "png");
        // IHDR data starts at byte 16: width, height (4 bytes each, big-endian); its CRC follows the 13 data bytes.
        java.nio.ByteBuffer.wrap(png, 16, 8).putInt(100_000).putInt(100_000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17); // Chunk type and data.
        java.nio.ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        return png;
    }
}

package io.glint.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.aws.AwsClients;
import io.glint.core.aws.AwsService;
import io.glint.core.json.Json;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.StackRekognition;
import io.glint.localstack.junit.TestStack;
import io.glint.localstack.node.NodePackage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.rekognition.RekognitionAsyncClient;
import software.amazon.awssdk.services.rekognition.model.Attribute;
import software.amazon.awssdk.services.rekognition.model.BoundingBox;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.DetectModerationLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.ImageTooLargeException;
import software.amazon.awssdk.services.rekognition.model.InvalidImageFormatException;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.InvalidS3ObjectException;
import software.amazon.awssdk.services.rekognition.model.Label;
import software.amazon.awssdk.services.rekognition.model.LandmarkType;
import software.amazon.awssdk.services.rekognition.model.Parent;

/**
 * Verifies the Rekognition-compatible analyzer through the real {@link RekognitionAsyncClient}: response shapes, the
 * models' answers on generated images and on a real photograph, and Rekognition's errors.
 *
 * <p>The photograph is {@code assets/screenshot-facedetect.jpg} of the npm package {@code @vladmandic/human} (MIT
 * licence), read from where the local stack installed it: a screenshot of human's face demo, five portrait crops in a
 * row under group photos.
 */
@ExtendWith(LocalStackExtension.class)
@StackRekognition
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RekognitionIT {
    /** The analyzer runs the models on the CPU, one request at a time; a busy build machine makes that slow. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private static final String PHOTO = "node_modules/@vladmandic/human/assets/screenshot-facedetect.jpg";

    private final HttpClient http = HttpClient.newHttpClient();
    private TestStack stack;
    private RekognitionAsyncClient rekognition;
    private byte[] photo;

    @BeforeAll
    void setUp(TestStack stack) throws IOException {
        this.stack = stack;
        AwsClients clients = stack.clients();
        // Built as clients.rekognition() is, with more time per call than the defaults allow on a loaded machine.
        this.rekognition = clients.own(clients.configure(RekognitionAsyncClient.builder(), AwsService.REKOGNITION)
                .overrideConfiguration(
                        override -> override.apiCallTimeout(CALL_TIMEOUT).apiCallAttemptTimeout(CALL_TIMEOUT))
                .build());
        this.photo = Files.readAllBytes(NodePackage.install().file(PHOTO));
    }

    @Test
    void theStackPointsRolesAtTheAnalyzer() {
        assertThat(stack.environment())
                .containsEntry(
                        "AWS_ENDPOINT_URL_REKOGNITION",
                        stack.stack().endpoint(AwsService.REKOGNITION).toString());
        assertThat(stack.clients().rekognition().serviceClientConfiguration().endpointOverride())
                .contains(stack.stack().endpoint(AwsService.REKOGNITION));
    }

    @Test
    void generatedImageWithoutObjectsHasNoModerationLabels() throws Exception {
        DetectModerationLabelsResponse response =
                call(rekognition.detectModerationLabels(request -> request.image(bytes(gradientPng(320, 240)))));

        assertThat(response.moderationLabels()).isEmpty();
        assertThat(response.moderationModelVersion()).isEqualTo("7.0");
    }

    @Test
    void generatedImageWithoutFacesHasNoFaceDetails() throws Exception {
        DetectFacesResponse response = call(rekognition.detectFaces(
                request -> request.image(bytes(gradientPng(320, 240))).attributes(Attribute.ALL)));

        assertThat(response.faceDetails()).isEmpty();
    }

    @Test
    void generatedImageWithoutObjectsHasNoLabels() throws Exception {
        DetectLabelsResponse response =
                call(rekognition.detectLabels(request -> request.image(bytes(gradientJpeg(320, 240)))));

        assertThat(response.labels()).isEmpty();
        assertThat(response.labelModelVersion()).isEqualTo("3.0");
    }

    @Test
    void facesInAPhotographAreFoundWithBoxesLandmarksAndPose() throws Exception {
        DetectFacesResponse response = call(rekognition.detectFaces(request -> request.image(bytes(photo))));

        // Five portraits in a row, and more faces in the thumbnails above them.
        List<FaceDetail> portraits = response.faceDetails().stream()
                .filter(face ->
                        face.boundingBox().top() > 0.4f && face.boundingBox().width() > 0.1f)
                .toList();
        assertThat(portraits).hasSize(5);
        assertThat(response.faceDetails()).allSatisfy(face -> {
            assertThat(face.confidence()).isBetween(30f, 100f);
            assertWithinImage(face.boundingBox());
            assertThat(face.ageRange()).as("only with Attributes ALL").isNull();
        });
        assertThat(portraits).allSatisfy(face -> {
            assertThat(face.confidence()).isGreaterThan(90f);
            assertThat(face.landmarks())
                    .extracting(landmark -> landmark.type())
                    .containsExactly(
                            LandmarkType.EYE_LEFT,
                            LandmarkType.EYE_RIGHT,
                            LandmarkType.NOSE,
                            LandmarkType.MOUTH_LEFT,
                            LandmarkType.MOUTH_RIGHT);
            BoundingBox box = face.boundingBox();
            assertThat(face.landmarks()).allSatisfy(landmark -> {
                assertThat(landmark.x()).isBetween(box.left(), box.left() + box.width());
                assertThat(landmark.y()).isBetween(box.top(), box.top() + box.height());
            });
            assertThat(face.pose()).isNotNull();
            assertThat(face.pose().yaw()).isBetween(-90f, 90f);
        });
    }

    @Test
    void attributesAllAddAgeRangeAndGender() throws Exception {
        DetectFacesResponse response = call(
                rekognition.detectFaces(request -> request.image(bytes(photo)).attributes(Attribute.ALL)));

        assertThat(response.faceDetails())
                .filteredOn(face -> face.boundingBox().top() > 0.4f)
                .isNotEmpty()
                .allSatisfy(face -> {
                    assertThat(face.ageRange().low()).isLessThan(face.ageRange().high());
                    assertThat(face.ageRange().low()).isBetween(0, 100);
                })
                .anySatisfy(face -> {
                    assertThat(face.gender()).isNotNull();
                    assertThat(face.gender().confidence()).isBetween(50f, 100f);
                });
    }

    @Test
    void peopleInAPhotographArePersonLabelsWithInstances() throws Exception {
        DetectLabelsResponse response = call(rekognition.detectLabels(request -> request.image(bytes(photo))));

        Label person = response.labels().stream()
                .filter(label -> label.name().equals("Person"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Person label in " + response.labels()));
        assertThat(person.confidence()).isGreaterThanOrEqualTo(55f);
        assertThat(person.categories()).extracting(category -> category.name()).containsExactly("Person Description");
        assertThat(person.instances()).hasSizeGreaterThanOrEqualTo(3).allSatisfy(instance -> {
            assertThat(instance.confidence()).isGreaterThanOrEqualTo(55f);
            assertWithinImage(instance.boundingBox());
        });
        assertThat(response.labels())
                .allSatisfy(label -> assertThat(label.confidence()).isBetween(55f, 100f));
        assertThat(response.labels()).extracting(Label::confidence).isSortedAccordingTo((a, b) -> Float.compare(b, a));
    }

    @Test
    void minConfidenceAndMaxLabelsLimitTheLabels() throws Exception {
        DetectLabelsResponse lenient = call(
                rekognition.detectLabels(request -> request.image(bytes(photo)).minConfidence(15f)));
        DetectLabelsResponse one = call(rekognition.detectLabels(
                request -> request.image(bytes(photo)).minConfidence(15f).maxLabels(1)));

        assertThat(lenient.labels()).hasSizeGreaterThan(1);
        // Every ancestor of a label is a label too, with its own parents.
        assertThat(lenient.labels()).allSatisfy(label -> assertThat(label.parents())
                .extracting(Parent::name)
                .allSatisfy(parent ->
                        assertThat(lenient.labels()).extracting(Label::name).contains(parent)));
        assertThat(one.labels()).hasSize(1);
        assertThat(one.labels().get(0).name()).isEqualTo(lenient.labels().get(0).name());
    }

    @Test
    void aPortraitPhotographIsNotExplicit() throws Exception {
        DetectModerationLabelsResponse response =
                call(rekognition.detectModerationLabels(request -> request.image(bytes(photo))));

        assertThat(response.moderationLabels())
                .extracting(label -> label.name())
                .doesNotContain("Explicit", "Explicit Nudity");
        assertThat(response.moderationLabels()).allSatisfy(label -> {
            assertThat(label.confidence()).isBetween(50f, 100f);
            assertThat(label.taxonomyLevel()).isBetween(1, 3);
        });
    }

    @Test
    void imageInTheLocalS3IsReadThroughS3Object() throws Exception {
        String bucket = stack.names().uploadsBucket();
        String key = "rekognition-it/faces photo.jpg";
        stack.clients()
                .s3()
                .putObject(
                        request -> request.bucket(bucket).key(key).contentType("image/jpeg"),
                        AsyncRequestBody.fromBytes(photo))
                .get(10, TimeUnit.SECONDS);

        DetectFacesResponse response = call(rekognition.detectFaces(request -> request.image(
                image -> image.s3Object(object -> object.bucket(bucket).name(key)))));

        assertThat(response.faceDetails()).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void missingS3ObjectIsInvalidS3ObjectException() {
        String bucket = stack.names().uploadsBucket();

        assertThatThrownBy(() -> call(rekognition.detectLabels(request -> request.image(
                        image -> image.s3Object(object -> object.bucket(bucket).name("rekognition-it/missing.jpg"))))))
                .isInstanceOf(InvalidS3ObjectException.class)
                .satisfies(e ->
                        assertThat(((InvalidS3ObjectException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void bytesThatAreNoImageAreInvalidImageFormatException() {
        Image notAnImage = bytes("just some text, not a picture".getBytes());

        assertThatThrownBy(() -> call(rekognition.detectLabels(request -> request.image(notAnImage))))
                .isInstanceOf(InvalidImageFormatException.class)
                .hasMessageContaining("unsupported image format")
                .satisfies(e -> assertThat(((InvalidImageFormatException) e).statusCode())
                        .isEqualTo(400));
        // A JPEG header followed by garbage gets past the format check but not through the decoder.
        byte[] brokenJpeg = new byte[2048];
        brokenJpeg[0] = (byte) 0xFF;
        brokenJpeg[1] = (byte) 0xD8;
        brokenJpeg[2] = (byte) 0xFF;
        assertThatThrownBy(() -> call(rekognition.detectFaces(request -> request.image(bytes(brokenJpeg)))))
                .isInstanceOf(InvalidImageFormatException.class);
    }

    @Test
    void bytesOverFiveMegabytesAreImageTooLargeException() {
        byte[] tooLarge = new byte[5 * 1024 * 1024 + 1];
        tooLarge[0] = (byte) 0xFF;
        tooLarge[1] = (byte) 0xD8;
        tooLarge[2] = (byte) 0xFF;

        assertThatThrownBy(() -> call(rekognition.detectModerationLabels(request -> request.image(bytes(tooLarge)))))
                .isInstanceOf(ImageTooLargeException.class);
        // Larger still: the request body itself is over the limit, and is refused without being decoded.
        byte[] muchTooLarge = Arrays.copyOf(tooLarge, 8 * 1024 * 1024);
        assertThatThrownBy(() -> call(rekognition.detectLabels(request -> request.image(bytes(muchTooLarge)))))
                .isInstanceOf(ImageTooLargeException.class);
    }

    @Test
    void badParametersAreInvalidParameterException() {
        assertThatThrownBy(() -> call(rekognition.detectLabels(
                        request -> request.image(bytes(photo)).minConfidence(101f))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> call(rekognition.detectFaces(request -> request.attributes(Attribute.DEFAULT))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void unknownOperationAndMalformedBodyAreRejectedWith400() throws Exception {
        HttpResponse<String> unknown = post("RekognitionService.IndexFaces", "{}");
        HttpResponse<String> malformed = post("RekognitionService.DetectLabels", "{\"Image\": ");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(errorType(unknown)).isEqualTo("UnknownOperationException");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(errorType(malformed)).isEqualTo("SerializationException");
        assertThat(malformed.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.1");
    }

    private HttpResponse<String> post(String target, String body) throws IOException, InterruptedException {
        URI endpoint = stack.stack().endpoint(AwsService.REKOGNITION);
        return http.send(
                HttpRequest.newBuilder(endpoint.resolve("/"))
                        .header("X-Amz-Target", target)
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(CALL_TIMEOUT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String errorType(HttpResponse<String> response) {
        JsonNode error = Json.read(response.body().getBytes(), JsonNode.class);
        assertThat(error.get("Message").asText()).isNotBlank();
        return error.get("__type").asText();
    }

    /** The call's result, or the SDK's exception for a failed call (unwrapped, as a test asserts on its type). */
    private static <T> T call(CompletableFuture<T> call) throws Exception {
        try {
            return call.get(CALL_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void assertWithinImage(BoundingBox box) {
        assertThat(box.left()).isBetween(0f, 1f);
        assertThat(box.top()).isBetween(0f, 1f);
        assertThat(box.width()).isBetween(0f, 1f - box.left() + 1e-6f);
        assertThat(box.height()).isBetween(0f, 1f - box.top() + 1e-6f);
    }

    private static Image bytes(byte[] image) {
        return Image.builder().bytes(SdkBytes.fromByteArray(image)).build();
    }

    /** A smooth colour gradient: no object, no face, nothing to moderate. */
    private static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int red = 255 * x / width;
                int green = 255 * y / height;
                image.setRGB(x, y, red << 16 | green << 8 | 128);
            }
        }
        return image;
    }

    private static byte[] gradientPng(int width, int height) {
        return encode(gradient(width, height), "png");
    }

    private static byte[] gradientJpeg(int width, int height) {
        return encode(gradient(width, height), "jpg");
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

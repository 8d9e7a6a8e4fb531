package io.glint.streams.analysis;

import io.glint.core.aws.AwsFutures;
import io.glint.domain.analysis.Analysis;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.RekognitionAsyncClient;
import software.amazon.awssdk.services.rekognition.model.Attribute;
import software.amazon.awssdk.services.rekognition.model.Image;

/**
 * What Rekognition sees in an image: labels, moderation labels and faces, asked for in parallel with the image's bytes
 * (the display rendition: small enough for Rekognition's 5 MB limit on bytes, and already free of metadata).
 */
final class ImageAnalyzer {
    /** Moderation labels are kept from this confidence on, so the owner sees what came close to blocking. */
    private static final float MODERATION_FLOOR = 50f;

    private final RekognitionAsyncClient rekognition;
    private final AnalysisWorkerConfig config;

    ImageAnalyzer(RekognitionAsyncClient rekognition, AnalysisWorkerConfig config) {
        this.rekognition = Objects.requireNonNull(rekognition, "rekognition");
        this.config = Objects.requireNonNull(config, "config");
    }

    record Findings(List<Analysis.Label> labels, List<Analysis.ModerationLabel> moderation, List<Analysis.Face> faces) {
        /** The most confident moderation label at or above the threshold, if any: the reason to block. */
        java.util.Optional<Analysis.ModerationLabel> blocking(int threshold) {
            return moderation.stream()
                    .filter(label -> label.confidence() >= threshold)
                    .max(Comparator.comparingDouble(Analysis.ModerationLabel::confidence));
        }
    }

    Future<Findings> analyse(byte[] image) {
        Image bytes = Image.builder().bytes(SdkBytes.fromByteArray(image)).build();
        Future<List<Analysis.Label>> labels = AwsFutures.onContext(
                        rekognition.detectLabels(request -> request.image(bytes)
                                .maxLabels(config.maxLabels())
                                .minConfidence((float) config.minLabelConfidence())))
                .map(response -> response.labels().stream()
                        .map(label -> new Analysis.Label(
                                label.name(),
                                round(label.confidence()),
                                label.parents().stream()
                                        .map(parent -> parent.name())
                                        .toList(),
                                label.categories().stream()
                                        .map(category -> category.name())
                                        .toList()))
                        .sorted(Comparator.comparingDouble(Analysis.Label::confidence)
                                .reversed())
                        .toList());
        Future<List<Analysis.ModerationLabel>> moderation = AwsFutures.onContext(rekognition.detectModerationLabels(
                        request -> request.image(bytes).minConfidence(MODERATION_FLOOR)))
                .map(response -> response.moderationLabels().stream()
                        .map(label -> new Analysis.ModerationLabel(
                                label.name(),
                                label.parentName() == null || label.parentName().isEmpty() ? null : label.parentName(),
                                round(label.confidence())))
                        .sorted(Comparator.comparingDouble(Analysis.ModerationLabel::confidence)
                                .reversed())
                        .toList());
        Future<List<Analysis.Face>> faces = AwsFutures.onContext(
                        rekognition.detectFaces(request -> request.image(bytes).attributes(Attribute.DEFAULT)))
                .map(response -> response.faceDetails().stream()
                        .map(face -> new Analysis.Face(
                                round(face.boundingBox().left()),
                                round(face.boundingBox().top()),
                                round(face.boundingBox().width()),
                                round(face.boundingBox().height()),
                                round(face.confidence())))
                        .toList());
        return Future.all(labels, moderation, faces)
                .map(done -> new Findings(labels.result(), moderation.result(), faces.result()));
    }

    private static double round(Float value) {
        return value == null ? 0 : Math.round(value * 1000.0) / 1000.0;
    }
}

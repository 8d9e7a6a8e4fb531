package io.glint.domain.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the analysis of one uploaded object found, stored once per object: the validation verdict, and for an accepted
 * image its dimensions, labels, faces and moderation labels.
 *
 * @param objectKey the S3 key of the upload ({@code uploads/<ownerId>/<uploadId>}): the identity of an analysis
 * @param ownerId the uploader
 * @param verdict whether the image may be shown
 * @param reason why not, for the owner ({@code rejected: not an image}, {@code blocked: Explicit Nudity}…); null when
 *     accepted
 * @param image format and size of an accepted or blocked image; null when rejected
 * @param labels objects and scenes, most confident first
 * @param moderation moderation labels above the worker's threshold, most confident first
 * @param faces faces found
 * @param processingMillis from the worker receiving the event to the result being stored
 * @param analyzedAt when the result was stored
 */
public record Analysis(
        String objectKey,
        String ownerId,
        Verdict verdict,
        String reason,
        Image image,
        List<Label> labels,
        List<ModerationLabel> moderation,
        List<Face> faces,
        long processingMillis,
        Instant analyzedAt) {

    public Analysis {
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(analyzedAt, "analyzedAt");
        labels = List.copyOf(labels == null ? List.of() : labels);
        moderation = List.copyOf(moderation == null ? List.of() : moderation);
        faces = List.copyOf(faces == null ? List.of() : faces);
        if (verdict == Verdict.ACCEPTED && reason != null) {
            throw new IllegalArgumentException("an accepted image has no reason");
        }
        if (verdict != Verdict.ACCEPTED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a " + verdict.wire() + " image needs a reason");
        }
        if (processingMillis < 0) {
            throw new IllegalArgumentException("processingMillis must not be negative, but is " + processingMillis);
        }
    }

    /** The outcome for the post. */
    public enum Verdict {
        /** Valid, and moderation found nothing over the threshold: the post may be published. */
        ACCEPTED("accepted"),
        /** Valid, but moderation found something over the threshold: only the owner sees the post. */
        BLOCKED("blocked"),
        /** Not an acceptable image (not an image, corrupt, too large…): nothing was analysed. */
        REJECTED("rejected");

        private final String wire;

        Verdict(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** The verdict of a wire name, as the API's {@code status} filter takes it. */
        public static Verdict fromWire(String wire) {
            for (Verdict verdict : values()) {
                if (verdict.wire.equals(wire)) {
                    return verdict;
                }
            }
            throw new IllegalArgumentException("unknown verdict '" + wire + "'");
        }
    }

    /** @param format e.g. {@code jpeg}; @param frames more than one for an animated image */
    public record Image(String format, int width, int height, int frames) {}

    /** A Rekognition label: confidence in percent, parents and categories as Rekognition names them. */
    public record Label(String name, double confidence, List<String> parents, List<String> categories) {
        public Label {
            parents = List.copyOf(parents == null ? List.of() : parents);
            categories = List.copyOf(categories == null ? List.of() : categories);
        }
    }

    /** A Rekognition moderation label, e.g. {@code Explicit Nudity} under {@code Explicit}; confidence in percent. */
    public record ModerationLabel(String name, String parentName, double confidence) {}

    /** A face: its box as ratios of the image's width and height, and the detector's confidence in percent. */
    public record Face(double left, double top, double width, double height, double confidence) {}
}

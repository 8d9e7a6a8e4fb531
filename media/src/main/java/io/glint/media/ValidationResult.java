package io.glint.media;

import java.util.Objects;

/** What {@link ImageValidator} decided about one upload: accepted with its renditions, or rejected with a reason. */
public sealed interface ValidationResult permits ValidationResult.Accepted, ValidationResult.Rejected {

    /**
     * The upload is an image within the limits.
     *
     * @param format the format its bytes are in (sniffed, never the declared one)
     * @param width its width in pixels, as displayed: the first frame's, with a JPEG's EXIF orientation applied
     * @param height its height in pixels, as displayed
     * @param frames how many frames it has: 1 for a still image, more for an animated GIF or WebP
     * @param hasAlpha whether some pixel of the first frame is not fully opaque; the renditions are then PNG
     * @param display the rendition shown in the feed, fitted within {@link MediaLimits#displayEdge()}
     * @param thumbnail the small rendition, fitted within {@link MediaLimits#thumbnailEdge()}
     */
    record Accepted(
            ImageFormat format,
            int width,
            int height,
            int frames,
            boolean hasAlpha,
            Rendition display,
            Rendition thumbnail)
            implements ValidationResult {
        public Accepted {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(display, "display");
            Objects.requireNonNull(thumbnail, "thumbnail");
        }

        /** Whether it has more than one frame. Its renditions are stills of the first. */
        public boolean animated() {
            return frames > 1;
        }
    }

    /**
     * The upload is refused, for good.
     *
     * @param reason why, as the post shows it
     * @param detail a sentence for the logs: the numbers or the decoder's complaint that decided it
     */
    record Rejected(RejectionReason reason, String detail) implements ValidationResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** The status text the post carries, such as {@code rejected: too large}. */
        public String wireText() {
            return reason.wireText();
        }
    }
}

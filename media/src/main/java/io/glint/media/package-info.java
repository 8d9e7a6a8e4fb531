/**
 * Upload validation, the first step of the upload analysis pipeline: {@link io.glint.media.ImageValidator} turns the
 * bytes of an uploaded object into either an accepted image with clean display and thumbnail renditions, or a
 * rejection whose {@link io.glint.media.RejectionReason#wireText() wire text} the post shows. Pure Java (ImageIO and
 * Java2D, with TwelveMonkeys for WebP); no AWS and no Vert.x, so the worker that feeds it decides where it runs.
 */
package io.glint.media;

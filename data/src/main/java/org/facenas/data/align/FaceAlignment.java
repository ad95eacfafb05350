package org.facenas.data.align;

import java.util.Optional;
import org.facenas.data.image.RgbImage;

/**
 * Result of aligning one photo.
 *
 * @param status    outcome
 * @param score     detector score of the chosen (or best rejected) face, NaN without any face
 * @param face      chosen box, null unless a face was found
 * @param landmarks the five points used for the warp in photo pixels, null unless ALIGNED
 * @param aligned   the 112x112 aligned face, null unless ALIGNED
 * @param reason    one-line explanation when not ALIGNED, empty otherwise
 */
public record FaceAlignment(AlignStatus status, float score, DetectedFace face, FivePoints landmarks,
                            RgbImage aligned, String reason) {

    static FaceAlignment aligned(DetectedFace face, FivePoints landmarks, RgbImage aligned) {
        return new FaceAlignment(AlignStatus.ALIGNED, face.score(), face, landmarks, aligned, "");
    }

    static FaceAlignment skipped(AlignStatus status, float score, DetectedFace face, String reason) {
        return new FaceAlignment(status, score, face, null, null, reason);
    }

    /** The aligned face if there is one. */
    public Optional<RgbImage> alignedImage() {
        return Optional.ofNullable(aligned);
    }
}

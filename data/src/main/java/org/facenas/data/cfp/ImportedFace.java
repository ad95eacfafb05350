package org.facenas.data.cfp;

import org.facenas.data.align.FivePoints;

/**
 * One photo after the import's alignment.
 *
 * @param score   the chosen detector face's score, NaN when no face or no detector
 * @param points  the five points the warp used (photo pixels), null if FAILED
 * @param jpeg    the 112x112 aligned face as JPEG, null if FAILED
 * @param reason  why the detector was not used, or why the photo failed; empty for DETECTOR
 */
public record ImportedFace(CfpImage image, FaceOrigin origin, float score, FivePoints points, byte[] jpeg, String reason) {
}

package org.facenas.data.cfp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.facenas.data.align.DetectedFace;
import org.facenas.data.align.FaceAligner;
import org.facenas.data.align.FaceWarper;
import org.facenas.data.align.FivePoints;
import org.facenas.data.align.Point;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.image.JpegWriter;
import org.facenas.data.image.RgbImage;

/**
 * Aligns one CFP photo to 112x112 on the ArcFace template. With a detector, the face nearest the dataset's landmarks
 * is landmarked by the 68-point model and kept if its eye on the annotated side and its nose tip both lie within
 * {@value #AGREEMENT} x the annotated eye-to-mouth-corner distance of the dataset's; otherwise (no face, low score,
 * disagreement) and without a detector the five points come from the dataset's landmarks ({@link CfpFiducials}).
 * Thread-safe.
 */
public final class CfpFaceAligner {

    /** Largest detector-to-dataset distance accepted, as a fraction of the eye-to-mouth-corner distance. */
    static final double AGREEMENT = 0.25;

    private final FaceAligner detector;
    private final float minScore;
    private final FaceWarper warper = FaceWarper.arcFace112();
    private final JpegWriter jpeg = JpegWriter.withQuality(0.92f);

    /**
     * @param detector the detector and landmark models, or null to use the dataset's landmarks for every face
     * @param minScore faces scoring lower fall back to the dataset's landmarks
     */
    public CfpFaceAligner(FaceAligner detector, float minScore) {
        this.detector = detector;
        this.minScore = minScore;
    }

    /** Aligns {@code image} of the dataset at {@code root}; an unreadable photo or landmarks file is FAILED, never thrown. */
    public ImportedFace align(Path root, CfpImage image) {
        RgbImage photo;
        CfpFiducials marks;
        try {
            photo = ImageDecoding.read(image.image(root));
        } catch (IOException | RuntimeException e) {
            return failed(image, "unreadable photo " + image.image(root) + ": " + e.getMessage());
        }
        try {
            marks = CfpFiducials.read(image.fiducials(root));
        } catch (IOException | RuntimeException e) {
            return failed(image, "unreadable landmarks " + image.fiducials(root) + ": " + e.getMessage());
        }
        FivePoints dataset = marks.fivePoints(image.view());
        FaceOrigin origin = FaceOrigin.LANDMARKS_ONLY;
        String reason = "no detector";
        float score = Float.NaN;
        FivePoints points = dataset;
        if (detector != null) {
            Point centre = new Point((marks.eye().x() + marks.lipCentre().x()) / 2, (marks.eye().y() + marks.lipCentre().y()) / 2);
            List<DetectedFace> faces = detector.detector().detect(photo);
            DetectedFace face = faces.stream().filter(f -> f.score() >= minScore)
                    .min(Comparator.comparingDouble(f -> f.centreDistance(centre.x(), centre.y()))).orElse(null);
            if (faces.isEmpty()) {
                origin = FaceOrigin.LANDMARKS_NO_FACE;
                reason = "detector found no face";
            } else if (face == null) {
                origin = FaceOrigin.LANDMARKS_LOW_SCORE;
                score = faces.get(0).score();
                reason = String.format(Locale.ROOT, "best face score %.3f < min score %.3f", score, minScore);
            } else {
                score = face.score();
                FivePoints found = detector.landmarkDetector().fivePoints(photo, face);
                double tolerance = AGREEMENT * marks.eye().distance(marks.mouthCorner());
                double eyeOff = (marks.leftHalf() ? found.leftEye() : found.rightEye()).distance(marks.eye());
                double noseOff = found.nose().distance(marks.noseTip());
                if (eyeOff <= tolerance && noseOff <= tolerance) {
                    origin = FaceOrigin.DETECTOR;
                    reason = "";
                    points = found;
                } else {
                    origin = FaceOrigin.LANDMARKS_DISAGREE;
                    reason = String.format(Locale.ROOT, "detector eye %.1f px, nose %.1f px from the dataset's (tolerance %.1f)",
                            eyeOff, noseOff, tolerance);
                }
            }
        }
        try {
            return new ImportedFace(image, origin, score, points, jpeg.encode(warper.warp(photo, points)), reason);
        } catch (IOException | RuntimeException e) {
            return failed(image, "cannot warp " + image.image(root) + ": " + e.getMessage());
        }
    }

    private static ImportedFace failed(CfpImage image, String reason) {
        return new ImportedFace(image, FaceOrigin.FAILED, Float.NaN, null, null, reason.replace('\n', ' '));
    }
}

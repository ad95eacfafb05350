package org.facenas.data.align;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.facenas.data.image.RgbImage;

/**
 * Detect, landmark and warp one photo to a 112x112 ArcFace-aligned face. Thread-safe: the ONNX
 * sessions are shared and all other state is immutable.
 */
public final class FaceAligner implements AutoCloseable {

    private final FaceDetector detector;
    private final LandmarkDetector landmarks;
    private final FaceWarper warper;
    private final float minScore;
    private final FaceChoice choice;

    private FaceAligner(FaceDetector detector, LandmarkDetector landmarks, float minScore, FaceChoice choice) {
        this.detector = detector;
        this.landmarks = landmarks;
        this.warper = FaceWarper.arcFace112();
        this.minScore = minScore;
        this.choice = choice;
    }

    /**
     * Loads both models.
     *
     * @param detectorOnnx  fr_detect.onnx
     * @param landmarksOnnx fr_landmark.onnx
     * @param minScore      faces scoring lower are reported as LOW_SCORE (0.9 made celeba112)
     * @param choice        which face to keep when there are several
     * @throws IllegalArgumentException if a model is missing or cannot be loaded
     */
    public static FaceAligner load(Path detectorOnnx, Path landmarksOnnx, float minScore, FaceChoice choice) {
        FaceDetector d = FaceDetector.load(detectorOnnx);
        try {
            return new FaceAligner(d, LandmarkDetector.load(landmarksOnnx), minScore, choice);
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** Aligns the chosen face of {@code photo}, or says why not. */
    public FaceAlignment align(RgbImage photo) {
        List<DetectedFace> faces = detector.detect(photo);
        if (faces.isEmpty()) {
            return FaceAlignment.skipped(AlignStatus.NO_FACE, Float.NaN, null,
                    "no face scored above " + FaceDetector.CANDIDATE_SCORE);
        }
        List<DetectedFace> good = faces.stream().filter(f -> f.score() >= minScore).toList();
        if (good.isEmpty()) {
            DetectedFace best = faces.get(0);
            return FaceAlignment.skipped(AlignStatus.LOW_SCORE, best.score(), best,
                    String.format(Locale.ROOT, "best face score %.3f < min score %.3f", best.score(), minScore));
        }
        DetectedFace face = choice == FaceChoice.MOST_CONFIDENT ? good.get(0)
                : good.stream().min(Comparator.comparingDouble(
                        f -> f.centreDistance(photo.width() / 2.0, photo.height() / 2.0))).orElseThrow();
        FivePoints points = landmarks.fivePoints(photo, face);
        return FaceAlignment.aligned(face, points, warper.warp(photo, points));
    }

    /** The warper (template and output size) used. */
    public FaceWarper warper() {
        return warper;
    }

    /** The face detector, for callers that need raw boxes. */
    public FaceDetector detector() {
        return detector;
    }

    /** The landmark model, for callers that need all 68 points. */
    public LandmarkDetector landmarkDetector() {
        return landmarks;
    }

    @Override
    public void close() {
        detector.close();
        landmarks.close();
    }
}

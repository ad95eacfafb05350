package org.facenas.data.align;

import java.util.List;

/**
 * The five alignment landmarks in image order: the eye and mouth corner on the image's left
 * come first, as in the ArcFace template.
 */
public record FivePoints(Point leftEye, Point rightEye, Point nose, Point leftMouth, Point rightMouth) {

    /**
     * ArcFace / InsightFace 112x112 destination template; every model trained on
     * InsightFace-aligned data (including fr_feature.onnx) expects faces warped onto it.
     */
    public static FivePoints arcFaceTemplate() {
        return new FivePoints(new Point(38.2946, 51.6963), new Point(73.5318, 51.5014),
                new Point(56.0252, 71.7366), new Point(41.5493, 92.3655), new Point(70.7299, 92.2041));
    }

    /**
     * Reduces 68 iBUG landmarks (x0,y0,x1,y1,...) to five points: eye centres as the mean of the
     * four eyelid points (the corners 36/39 and 42/45 are left out because they sit on the
     * eye's outline, not its centre), nose tip 30, mouth corners as the mean of the outer and
     * inner lip corner (48,60) and (54,64).
     */
    public static FivePoints from68(double[] xy) {
        if (xy.length != 136) {
            throw new IllegalArgumentException("expected 68 (x,y) landmarks = 136 values, got " + xy.length);
        }
        return new FivePoints(mean(xy, 37, 38, 40, 41), mean(xy, 43, 44, 46, 47), mean(xy, 30),
                mean(xy, 48, 60), mean(xy, 54, 64));
    }

    private static Point mean(double[] xy, int... indices) {
        double sx = 0;
        double sy = 0;
        for (int i : indices) {
            sx += xy[2 * i];
            sy += xy[2 * i + 1];
        }
        return new Point(sx / indices.length, sy / indices.length);
    }

    /** The points in template order. */
    public List<Point> asList() {
        return List.of(leftEye, rightEye, nose, leftMouth, rightMouth);
    }

    /** Largest distance between corresponding points of {@code this} and {@code other}. */
    public double maxDistance(FivePoints other) {
        List<Point> a = asList();
        List<Point> b = other.asList();
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, a.get(i).distance(b.get(i)));
        }
        return max;
    }

    /** Mean distance between corresponding points. */
    public double meanDistance(FivePoints other) {
        List<Point> a = asList();
        List<Point> b = other.asList();
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += a.get(i).distance(b.get(i));
        }
        return sum / a.size();
    }

    /** Maps every point through {@code t}. */
    public FivePoints transform(SimilarityTransform t) {
        return new FivePoints(t.apply(leftEye), t.apply(rightEye), t.apply(nose), t.apply(leftMouth), t.apply(rightMouth));
    }
}

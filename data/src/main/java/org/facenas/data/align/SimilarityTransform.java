package org.facenas.data.align;

import java.util.List;

/**
 * A 2-D similarity transform (uniform scale, rotation, translation, no reflection):
 * {@code x' = a*x - b*y + tx,  y' = b*x + a*y + ty}.
 */
public record SimilarityTransform(double a, double b, double tx, double ty) {

    /**
     * Least-squares similarity mapping {@code src} onto {@code dst}. This is Umeyama's (1991)
     * solution, which InsightFace uses through skimage's SimilarityTransform; in 2-D, with
     * reflections excluded, the SVD reduces to the closed form below.
     *
     * @throws IllegalArgumentException if the lists differ in size, have fewer than 2 points or all src points coincide
     */
    public static SimilarityTransform estimate(List<Point> src, List<Point> dst) {
        int n = src.size();
        if (n != dst.size() || n < 2) {
            throw new IllegalArgumentException("need >= 2 corresponding points, got " + n + " and " + dst.size());
        }
        double msx = 0, msy = 0, mdx = 0, mdy = 0;
        for (int i = 0; i < n; i++) {
            msx += src.get(i).x();
            msy += src.get(i).y();
            mdx += dst.get(i).x();
            mdy += dst.get(i).y();
        }
        msx /= n;
        msy /= n;
        mdx /= n;
        mdy /= n;
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double sx = src.get(i).x() - msx;
            double sy = src.get(i).y() - msy;
            double dx = dst.get(i).x() - mdx;
            double dy = dst.get(i).y() - mdy;
            dot += sx * dx + sy * dy;
            cross += sx * dy - sy * dx;
            norm += sx * sx + sy * sy;
        }
        if (norm < 1e-12) {
            throw new IllegalArgumentException("source points coincide; cannot estimate a similarity transform");
        }
        double a = dot / norm;
        double b = cross / norm;
        return new SimilarityTransform(a, b, mdx - (a * msx - b * msy), mdy - (b * msx + a * msy));
    }

    /** Maps a point. */
    public Point apply(Point p) {
        return new Point(a * p.x() - b * p.y() + tx, b * p.x() + a * p.y() + ty);
    }

    /** The inverse transform. */
    public SimilarityTransform inverse() {
        double d = a * a + b * b;
        double ia = a / d;
        double ib = -b / d;
        return new SimilarityTransform(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
    }

    /** Scale factor. */
    public double scale() {
        return Math.hypot(a, b);
    }

    /** Rotation in degrees. */
    public double rotationDegrees() {
        return Math.toDegrees(Math.atan2(b, a));
    }
}

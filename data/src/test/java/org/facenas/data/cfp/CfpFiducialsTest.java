package org.facenas.data.cfp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.facenas.data.align.FivePoints;
import org.facenas.data.align.Point;
import org.facenas.data.align.SimilarityTransform;
import org.junit.jupiter.api.Test;

/**
 * Oracle for the landmark -> five-point mapping: a synthetic half-face annotation laid out in CFP's 30-point order
 * around a known five-point face, moved by a random similarity; the derived five points must be that face.
 */
class CfpFiducialsTest {

    /** The ArcFace template made exactly left-right symmetric about x = 56, so mirroring has an exact answer. */
    private static FivePoints symmetric() {
        FivePoints t = FivePoints.arcFaceTemplate();
        double eyeDx = (t.rightEye().x() - t.leftEye().x()) / 2;
        double mouthDx = (t.rightMouth().x() - t.leftMouth().x()) / 2;
        return new FivePoints(new Point(56 - eyeDx, 51.6), new Point(56 + eyeDx, 51.6), new Point(56, 71.7),
                new Point(56 - mouthDx, 92.3), new Point(56 + mouthDx, 92.3));
    }

    /**
     * CFP's 30 points of the half of {@code f} on the given side: jaw and brow anywhere on that side, a six-point
     * eye outline centred on the eye, the ridge from between the eyes to the nose tip (point 22), the mouth corner
     * (26) and four lip-midline points centred on the middle of the mouth.
     */
    static List<Point> halfFace(FivePoints f, boolean left) {
        Point eye = left ? f.leftEye() : f.rightEye();
        Point corner = left ? f.leftMouth() : f.rightMouth();
        Point mid = new Point((f.leftMouth().x() + f.rightMouth().x()) / 2, (f.leftMouth().y() + f.rightMouth().y()) / 2);
        Point between = new Point((f.leftEye().x() + f.rightEye().x()) / 2, (f.leftEye().y() + f.rightEye().y()) / 2);
        double side = left ? -1 : 1;
        List<Point> p = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            p.add(new Point(56 + side * (40 - 4 * i), 50 + 7 * i));
        }
        for (int i = 0; i < 3; i++) {
            p.add(new Point(eye.x() + side * (i - 1) * 8, eye.y() - 10));
        }
        double[][] ring = {{-6, 0}, {-3, -3}, {3, -3}, {6, 0}, {3, 3}, {-3, 3}};
        for (double[] r : ring) {
            p.add(new Point(eye.x() + r[0], eye.y() + r[1]));
        }
        for (int i = 0; i < 4; i++) {
            double t = (i + 1) / 4.0;
            p.add(new Point(between.x() + t * (f.nose().x() - between.x()), between.y() + t * (f.nose().y() - between.y())));
        }
        for (int i = 0; i < 3; i++) {
            p.add(new Point(f.nose().x() + side * 3 * i, f.nose().y() + 4));
        }
        p.add(corner);
        double[] dy = {-4, -1, 4, 1};
        for (double d : dy) {
            p.add(new Point(mid.x(), mid.y() + d));
        }
        return p;
    }

    private static CfpFiducials moved(List<Point> points, SimilarityTransform s) {
        return new CfpFiducials(points.stream().map(s::apply).toList());
    }

    private static SimilarityTransform random(Random r) {
        double scale = 0.5 + 3 * r.nextDouble();
        double angle = Math.toRadians(-35 + 70 * r.nextDouble());
        return new SimilarityTransform(scale * Math.cos(angle), scale * Math.sin(angle), -200 + 400 * r.nextDouble(), -200 + 400 * r.nextDouble());
    }

    @Test
    void frontalMirrorsTheAnnotatedEyeAndMouthCornerAcrossTheMidline() {
        Random r = new Random(23);
        FivePoints face = symmetric();
        for (int i = 0; i < 200; i++) {
            SimilarityTransform s = random(r);
            boolean left = r.nextBoolean();
            CfpFiducials marks = moved(halfFace(face, left), s);
            assertEquals(left, marks.leftHalf());
            FivePoints derived = marks.fivePoints(CfpView.FRONTAL);
            assertTrue(derived.maxDistance(face.transform(s)) < 1e-9 * Math.max(1, s.scale()), i + ": " + derived + " vs " + face.transform(s));
        }
    }

    @Test
    void profileFitsTheSeenHalfAndRecoversTheWholeFace() {
        Random r = new Random(5);
        FivePoints face = FivePoints.arcFaceTemplate();
        for (int i = 0; i < 200; i++) {
            SimilarityTransform s = random(r);
            boolean left = r.nextBoolean();
            CfpFiducials marks = moved(halfFace(face, left), s);
            FivePoints derived = marks.fivePoints(CfpView.PROFILE);
            // the hidden eye and corner are never annotated: they come from the fit alone
            assertTrue(derived.maxDistance(face.transform(s)) < 1e-9 * Math.max(1, s.scale()), i + ": " + derived);
        }
    }
}

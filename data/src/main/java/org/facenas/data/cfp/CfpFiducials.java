package org.facenas.data.cfp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facenas.data.align.FivePoints;
import org.facenas.data.align.Point;
import org.facenas.data.align.SimilarityTransform;

/**
 * The 30 hand-checked CFP fiducials of one photo. They mark one half of the face only (the image-left half of every
 * frontal photo, the visible half of a profile), one point per line as {@code x,y}, in this order (1-based):
 * 1-9 jaw line to the chin, 10-12 eyebrow, 13-18 eye outline, 19-22 nose ridge down to the tip (22), 23-25 nose
 * base, 26 mouth corner, 27-30 lip midline.
 *
 * <p>So neither view gives the ArcFace five points directly; {@link #fivePoints(CfpView)} derives them:
 * <ul>
 *   <li>frontal: the far eye and mouth corner are the annotated ones mirrored across the facial midline, the
 *       least-squares line through the ridge (19-22) and lip midline (27-30) points;</li>
 *   <li>profile: the far eye and mouth corner are hidden (mirroring would put them beside the face, in the
 *       background), so the similarity transform is fitted to the four points that are seen (eye, nose tip, mouth
 *       corner, lip centre onto the template's eye and corner of that side, nose, and the middle of its mouth
 *       corners) and the five points are the template mapped back through it: the warp then is exactly that fit.</li>
 * </ul>
 */
public record CfpFiducials(List<Point> points) {

    /** Points per file. */
    public static final int COUNT = 30;

    public CfpFiducials {
        points = List.copyOf(points);
        if (points.size() != COUNT) {
            throw new IllegalArgumentException("CFP fiducials hold " + COUNT + " points, got " + points.size());
        }
    }

    /**
     * Reads a fiducials file.
     *
     * @throws IllegalArgumentException naming the file and line if it is not 30 lines of {@code x,y}
     */
    public static CfpFiducials read(Path file) throws IOException {
        List<Point> pts = new ArrayList<>(COUNT);
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] xy = line.strip().split("\\s*,\\s*");
            try {
                if (xy.length != 2) {
                    throw new NumberFormatException();
                }
                pts.add(new Point(Double.parseDouble(xy[0]), Double.parseDouble(xy[1])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected 'x,y', got '" + line.strip() + "'");
            }
        }
        if (pts.size() != COUNT) {
            throw new IllegalArgumentException(file + ": expected " + COUNT + " fiducial points, got " + pts.size());
        }
        return new CfpFiducials(pts);
    }

    /** Centre of the annotated eye: mean of its six outline points. */
    public Point eye() {
        return mean(12, 18);
    }

    /** Nose tip (point 22). */
    public Point noseTip() {
        return points.get(21);
    }

    /** The annotated mouth corner (point 26). */
    public Point mouthCorner() {
        return points.get(25);
    }

    /** Centre of the lips: mean of the four midline points. */
    public Point lipCentre() {
        return mean(26, 30);
    }

    /** Whether the annotated half lies left of the midline in the image (ridge top to lip centre, y down). */
    public boolean leftHalf() {
        Point top = points.get(18);
        Point lips = lipCentre();
        Point eye = eye();
        double cross = (lips.x() - top.x()) * (eye.y() - top.y()) - (lips.y() - top.y()) * (eye.x() - top.x());
        return cross > 0;
    }

    /** The five alignment points in image order, derived as the class comment says. */
    public FivePoints fivePoints(CfpView view) {
        return view == CfpView.FRONTAL ? mirrored() : fitted();
    }

    private FivePoints mirrored() {
        List<Point> midline = new ArrayList<>(points.subList(18, 22));
        midline.addAll(points.subList(26, 30));
        double cx = 0;
        double cy = 0;
        for (Point p : midline) {
            cx += p.x() / midline.size();
            cy += p.y() / midline.size();
        }
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (Point p : midline) {
            sxx += (p.x() - cx) * (p.x() - cx);
            syy += (p.y() - cy) * (p.y() - cy);
            sxy += (p.x() - cx) * (p.y() - cy);
        }
        // principal axis of the midline points: total least squares, so a vertical midline is no special case
        double angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
        Point centre = new Point(cx, cy);
        Point farEye = mirror(eye(), centre, angle);
        Point farCorner = mirror(mouthCorner(), centre, angle);
        return leftHalf() ? new FivePoints(eye(), farEye, noseTip(), mouthCorner(), farCorner)
                : new FivePoints(farEye, eye(), noseTip(), farCorner, mouthCorner());
    }

    private FivePoints fitted() {
        FivePoints t = FivePoints.arcFaceTemplate();
        boolean left = leftHalf();
        Point mouthMiddle = new Point((t.leftMouth().x() + t.rightMouth().x()) / 2, (t.leftMouth().y() + t.rightMouth().y()) / 2);
        List<Point> seen = List.of(eye(), noseTip(), mouthCorner(), lipCentre());
        List<Point> template = List.of(left ? t.leftEye() : t.rightEye(), t.nose(), left ? t.leftMouth() : t.rightMouth(), mouthMiddle);
        return t.transform(SimilarityTransform.estimate(seen, template).inverse());
    }

    private static Point mirror(Point p, Point centre, double angle) {
        double dx = Math.cos(angle);
        double dy = Math.sin(angle);
        double vx = p.x() - centre.x();
        double vy = p.y() - centre.y();
        double along = vx * dx + vy * dy;
        return new Point(centre.x() + 2 * along * dx - vx, centre.y() + 2 * along * dy - vy);
    }

    private Point mean(int from, int to) {
        double sx = 0;
        double sy = 0;
        for (int i = from; i < to; i++) {
            sx += points.get(i).x();
            sy += points.get(i).y();
        }
        return new Point(sx / (to - from), sy / (to - from));
    }
}

package org.facenas.data.align;

/**
 * A detector box in pixel coordinates of the photo.
 *
 * @param score face probability 0..1
 * @param x1    left
 * @param y1    top
 * @param x2    right
 * @param y2    bottom
 */
public record DetectedFace(float score, float x1, float y1, float x2, float y2) {

    /** Box width. */
    public float width() {
        return x2 - x1;
    }

    /** Box height. */
    public float height() {
        return y2 - y1;
    }

    /** Intersection over union with {@code o}. */
    public float iou(DetectedFace o) {
        float iw = Math.max(0, Math.min(x2, o.x2) - Math.max(x1, o.x1));
        float ih = Math.max(0, Math.min(y2, o.y2) - Math.max(y1, o.y1));
        float inter = iw * ih;
        float union = width() * height() + o.width() * o.height() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** Distance from the box centre to point (x, y). */
    public double centreDistance(double x, double y) {
        return Math.hypot((x1 + x2) / 2 - x, (y1 + y2) / 2 - y);
    }
}

package org.facenas.data.align;

/** A 2-D point in pixel coordinates (x to the right, y down). */
public record Point(double x, double y) {

    /** Euclidean distance to {@code other}. */
    public double distance(Point other) {
        return Math.hypot(x - other.x, y - other.y);
    }
}

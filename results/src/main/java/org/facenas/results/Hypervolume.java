package org.facenas.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The area a set of points dominates in two objectives, bounded by a fixed reference point (worse than every
 * point that counts on both axes). Points beyond the reference on either axis add nothing.
 */
public final class Hypervolume {

    private Hypervolume() {
    }

    /**
     * @param reference one value per objective, in the objectives' own units (e.g. accuracy 0.5, MFLOPs 1000)
     */
    public static <T> double of(List<T> items, Objective<T> first, Objective<T> second, double[] reference) {
        double r1 = first.maximise() ? -reference[0] : reference[0];
        double r2 = second.maximise() ? -reference[1] : reference[1];
        List<double[]> pts = new ArrayList<>();
        for (T item : items) {
            double c1 = first.cost(item);
            double c2 = second.cost(item);
            if (c1 < r1 && c2 < r2) {
                pts.add(new double[] {c1, c2});
            }
        }
        pts.sort(Comparator.comparingDouble((double[] p) -> p[0]).thenComparingDouble(p -> p[1]));
        double area = 0;
        double bestSecond = r2;
        for (double[] p : pts) {
            if (p[1] < bestSecond) {
                area += (r1 - p[0]) * (bestSecond - p[1]);
                bestSecond = p[1];
            }
        }
        return area;
    }
}

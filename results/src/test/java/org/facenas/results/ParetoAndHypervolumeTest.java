package org.facenas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParetoAndHypervolumeTest {

    record Point(double accuracy, double mflops, double params) {
    }

    private static final Objective<Point> ACC = Objective.maximise("accuracy", Point::accuracy);
    private static final Objective<Point> FLOPS = Objective.minimise("mflops", Point::mflops);
    private static final Objective<Point> PARAMS = Objective.minimise("params", Point::params);

    private static List<Point> random(Random r, int n) {
        List<Point> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // coarse values so that ties happen
            pts.add(new Point(0.5 + r.nextInt(50) / 100.0, 10 * (1 + r.nextInt(100)), 1000 * (1 + r.nextInt(30))));
        }
        return pts;
    }

    @Test
    void frontEqualsTheBruteForceDefinition() {
        Random r = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            List<Point> pts = random(r, 1 + r.nextInt(40));
            List<Objective<Point>> objs = List.of(ACC, FLOPS, PARAMS);
            List<Point> expected = pts.stream()
                    .filter(p -> pts.stream().noneMatch(q -> q.accuracy() >= p.accuracy() && q.mflops() <= p.mflops()
                            && q.params() <= p.params() && !q.equals(p)
                            && (q.accuracy() > p.accuracy() || q.mflops() < p.mflops() || q.params() < p.params())))
                    .toList();
            assertEquals(expected, ParetoFront.front(pts, objs));
            List<List<Point>> ranks = ParetoFront.ranks(pts, objs);
            assertEquals(pts.size(), ranks.stream().mapToInt(List::size).sum());
            // nothing in a later rank dominates anything in an earlier one
            for (int a = 0; a < ranks.size(); a++) {
                for (int b = a + 1; b < ranks.size(); b++) {
                    for (Point later : ranks.get(b)) {
                        for (Point earlier : ranks.get(a)) {
                            assertTrue(!ParetoFront.dominates(later, earlier, objs));
                        }
                    }
                }
            }
        }
    }

    /** Oracle: count the cells of a fine grid dominated by some point (exact for these coarse values). */
    private static double gridHypervolume(List<Point> pts, double accRef, double flopsRef) {
        double area = 0;
        double da = 0.01;
        double df = 10;
        for (double a = accRef; a < 1.0 - 1e-9; a += da) {
            for (double f = 0; f < flopsRef - 1e-9; f += df) {
                double ca = a + da / 2;
                double cf = f + df / 2;
                boolean covered = pts.stream().anyMatch(p -> p.accuracy() >= ca && p.mflops() <= cf);
                if (covered) {
                    area += da * df;
                }
            }
        }
        return area;
    }

    @Test
    void hypervolumeEqualsAGridCountAndGrowsWithBetterPoints() {
        Random r = new Random(11);
        for (int trial = 0; trial < 60; trial++) {
            List<Point> pts = random(r, 1 + r.nextInt(25));
            double hv = Hypervolume.of(pts, ACC, FLOPS, new double[] {0.6, 800});
            assertEquals(gridHypervolume(pts, 0.6, 800), hv, 1e-6);
            List<Point> more = new ArrayList<>(pts);
            more.add(new Point(0.995, 5, 1));
            // a point better than every other one in both objectives strictly adds area
            assertTrue(Hypervolume.of(more, ACC, FLOPS, new double[] {0.6, 800}) > hv, "trial " + trial);
        }
        assertEquals(0.0, Hypervolume.of(List.of(new Point(0.55, 100, 1)), ACC, FLOPS, new double[] {0.6, 800}));
        assertEquals((0.9 - 0.6) * (800 - 100), Hypervolume.of(List.of(new Point(0.9, 100, 1)), ACC, FLOPS, new double[] {0.6, 800}), 1e-9);
        // dominated points add nothing; the order of the points does not matter
        List<Point> two = List.of(new Point(0.9, 100, 1), new Point(0.8, 200, 1));
        assertEquals(Hypervolume.of(List.of(two.get(0)), ACC, FLOPS, new double[] {0.6, 800}),
                Hypervolume.of(two, ACC, FLOPS, new double[] {0.6, 800}), 1e-12);
        assertEquals(Hypervolume.of(List.of(two.get(1), two.get(0)), ACC, FLOPS, new double[] {0.6, 800}),
                Hypervolume.of(two, ACC, FLOPS, new double[] {0.6, 800}), 1e-12);
    }
}

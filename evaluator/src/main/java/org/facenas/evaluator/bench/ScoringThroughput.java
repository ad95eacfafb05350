package org.facenas.evaluator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.dl4j.Embedder;
import org.facenas.evaluator.score.ScoringEmbedder;
import org.facenas.evaluator.score.ScoringEngine;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.graph.NetworkGraph;

/**
 * How fast each {@link ScoringEngine} embeds a proxy's scoring images, measured side by side on one embedder. The
 * weights are a fresh initialisation and the images noise: the time of these dense ops depends on neither. ONNX
 * Runtime's time includes the export and the session's creation, which every candidate pays.
 */
public final class ScoringThroughput {

    /**
     * One engine's figures: images embedded, seconds, and the largest output difference from DL4J's relative to the
     * largest DL4J output (a fresh network's outputs are small, so an absolute difference would say little).
     */
    public record Row(String architecture, int inputSize, String engine, int images, double seconds, double imagesPerSecond,
                      double ratioToDl4j, double maxRelativeDifference) {
    }

    private ScoringThroughput() {
    }

    /** Each engine in turn, {@code repeats} times, keeping each engine's fastest pass (the first pays for the JIT). */
    public static List<Row> measure(String label, Architecture architecture, int inputSize, int images, int threads, int repeats) {
        NetworkGraph graph = NetworkGraph.of(architecture, inputSize);
        ComputationGraph embedder = Embedder.create(graph, 1);
        List<float[]> noise = noise(images, inputSize);
        List<Row> rows = new ArrayList<>();
        List<float[]> reference = null;
        double dl4jSeconds = Double.NaN;
        for (ScoringEngine engine : ScoringEngine.values()) {
            double best = Double.POSITIVE_INFINITY;
            List<float[]> outputs = null;
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                try (ScoringEmbedder scorer = engine.open(embedder, graph, threads)) {
                    outputs = scorer.raw(noise);
                }
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            if (engine == ScoringEngine.DL4J) {
                reference = outputs;
                dl4jSeconds = best;
            }
            rows.add(new Row(label, inputSize, engine.name().toLowerCase(java.util.Locale.ROOT), images, best, images / best,
                    dl4jSeconds / best, maxRelativeDifference(reference, outputs)));
        }
        return rows;
    }

    private static List<float[]> noise(int n, int size) {
        SplittableRandom random = new SplittableRandom(7);
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] x = new float[3 * size * size];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) random.nextDouble(-1, 1);
            }
            out.add(x);
        }
        return out;
    }

    private static double maxRelativeDifference(List<float[]> a, List<float[]> b) {
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(i).length; j++) {
                worst = Math.max(worst, Math.abs(a.get(i)[j] - b.get(i)[j]));
                scale = Math.max(scale, Math.abs(a.get(i)[j]));
            }
        }
        return scale == 0 ? worst : worst / scale;
    }
}

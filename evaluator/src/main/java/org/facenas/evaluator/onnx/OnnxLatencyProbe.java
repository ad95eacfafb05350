package org.facenas.evaluator.onnx;
import org.facenas.data.onnx.OnnxSession;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.LatencyProbe;
import org.facenas.evaluator.dl4j.Embedder;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.graph.NetworkGraph;

/**
 * Times the deployed form of an architecture: its embedder at 112x112 exported to ONNX and run in ONNX Runtime
 * at batch 1 on one thread; the median of {@code runs} after {@code warmup} runs. The weights are a fresh
 * initialisation: the time of these dense ops does not depend on their values.
 */
public record OnnxLatencyProbe(int inputSize, int warmup, int runs) implements LatencyProbe {

    /** 50 timed runs (see {@link #ofRuns}). */
    public static OnnxLatencyProbe standard() {
        return new OnnxLatencyProbe(112, warmupFor(50), 50);
    }

    /**
     * The one latency rule every command and the search use: {@code runs} timed runs at 112x112 after
     * {@link #warmupFor} untimed ones; 0 runs measures nothing.
     */
    public static LatencyProbe ofRuns(int runs) {
        if (runs < 0) {
            throw new IllegalArgumentException("latency runs " + runs + " is negative: give 0 (do not measure) or more");
        }
        return runs == 0 ? LatencyProbe.NONE : new OnnxLatencyProbe(112, warmupFor(runs), runs);
    }

    /** Untimed runs first: ONNX Runtime's first runs allocate and are several times slower; at least 5, a fifth of the runs. */
    public static int warmupFor(int runs) {
        return Math.max(5, runs / 5);
    }

    @Override
    public Double medianMillis(Architecture architecture) {
        NetworkGraph graph = NetworkGraph.of(architecture, inputSize);
        ComputationGraph embedder = Embedder.create(graph, 0);
        byte[] model = OnnxExporter.export(embedder, graph, "");
        float[] image = new float[3 * inputSize * inputSize];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextDouble(-1, 1);
        }
        try (OnnxSession session = OnnxSession.of(model, 1)) {
            for (int i = 0; i < warmup; i++) {
                session.embed(image, 1, 3, inputSize);
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                session.embed(image, 1, 3, inputSize);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            return ms[runs / 2];
        }
    }
}

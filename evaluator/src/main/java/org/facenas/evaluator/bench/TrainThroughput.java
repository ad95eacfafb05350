package org.facenas.evaluator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.train.MarginTrainingNetworks;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.graph.NetworkGraph;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Measures steady-state training throughput of one architecture at one resolution and batch size. */
public final class TrainThroughput {

    /** Classes of the benchmark's head: the training identities of celeba112's DevTrain split. */
    public static final int CLASSES = 222;

    /** One measurement: images per second and the achieved GFLOP/s (training = 6 x forward MACs per image). */
    public record Measurement(String setting, int inputSize, int batch, boolean oneDnn, double imagesPerSecond,
                              double gflopsPerSecond, long forwardMacs) {
    }

    /** The fewest untimed steps before a measurement. */
    static final int WARMUP_STEPS = 3;

    private TrainThroughput() {
    }

    /**
     * Trains for {@code warmupSeconds} (and at least {@link #WARMUP_STEPS} steps) untimed, then {@code seconds}
     * timed. Why the warm-up is time and not a few steps: the JIT compiles DL4J's Java per-layer code while training
     * keeps both cores busy, and the speed keeps rising for several seconds (measured at the quick setting: 107.8
     * img/s timed over the 3 s after 3 warm-up steps, 131.0 over the 20 s after them).
     */
    public static Measurement measure(Architecture arch, int inputSize, int batch, boolean oneDnn, double seconds,
                                      double warmupSeconds, String setting) {
        try {
            return timed(arch, inputSize, batch, oneDnn, seconds, warmupSeconds, setting);
        } finally {
            // a failed measurement must not leave its workspaces to the next one
            org.facenas.evaluator.dl4j.ThreadWorkspaces.release();
        }
    }

    /** The network a proxy trains (quick proxy's optimiser, margin head over {@link #CLASSES} classes). */
    static ComputationGraph network(NetworkGraph graph, boolean oneDnn) {
        return new MarginTrainingNetworks(oneDnn).build(graph, ProxySettings.preset("quick"), CLASSES, 1, 1_000_000);
    }

    static ComputationGraph network(NetworkGraph graph) {
        return network(graph, true);
    }

    /** A batch of Gaussian images with one-hot labels, made outside any workspace. */
    static MultiDataSet randomBatch(int inputSize, int batch, int classes, long seed) {
        // a step leaves DL4J's activation workspace current on this thread; a batch must not be made in it
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Random r = new Random(seed);
            float[] pixels = new float[batch * 3 * inputSize * inputSize];
            for (int k = 0; k < pixels.length; k++) {
                pixels[k] = (float) r.nextGaussian();
            }
            float[] labels = new float[batch * classes];
            for (int i = 0; i < batch; i++) {
                labels[i * classes + r.nextInt(classes)] = 1f;
            }
            return new org.nd4j.linalg.dataset.MultiDataSet(Nd4j.create(pixels, new long[] {batch, 3, inputSize, inputSize}),
                    Nd4j.create(labels, new long[] {batch, classes}));
        }
    }

    private static Measurement timed(Architecture arch, int inputSize, int batch, boolean oneDnn, double seconds,
                                     double warmupSeconds, String setting) {
        NetworkGraph graph = NetworkGraph.of(arch, inputSize);
        ComputationGraph net = network(graph, oneDnn);
        List<MultiDataSet> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batches.add(randomBatch(inputSize, batch, CLASSES, i + 1));
        }
        // warm-up: first steps pay for JIT, allocation and workspace sizing
        long warmStart = System.nanoTime();
        for (int i = 0; i < WARMUP_STEPS || (System.nanoTime() - warmStart) / 1e9 < warmupSeconds; i++) {
            net.fit(batches.get(i % batches.size()));
        }
        long seen = 0;
        long start = System.nanoTime();
        for (int step = 0; (System.nanoTime() - start) / 1e9 < seconds; step++) {
            net.fit(batches.get(step % batches.size()));
            seen += batch;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double ips = seen / elapsed;
        long macs = CostModel.of(graph).macs();
        return new Measurement(setting, inputSize, batch, oneDnn, ips, 6.0 * macs * ips / 1e9, macs);
    }
}

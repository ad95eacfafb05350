package org.facenas.evaluator.bench;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.train.MarginTrainingNetworks;
import org.facenas.evaluator.train.ProxySettings;
import org.facenas.evaluator.data.FaceTensors;
import org.facenas.evaluator.data.ShuffledBatches;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.graph.NetworkGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** Measures steady-state training throughput of one architecture at one resolution and batch size. */
public final class TrainThroughput {

    /** One measurement: images per second and the achieved GFLOP/s (training = 6 x forward MACs per image). */
    public record Measurement(String setting, int inputSize, int batch, boolean oneDnn, double imagesPerSecond,
                              double gflopsPerSecond, long forwardMacs) {
    }

    private TrainThroughput() {
    }

    public static Measurement measure(Architecture arch, int inputSize, int batch, boolean oneDnn, double seconds, String setting) {
        try {
            return timed(arch, inputSize, batch, oneDnn, seconds, setting);
        } finally {
            // a failed measurement must not leave its workspaces to the next one
            org.facenas.evaluator.dl4j.ThreadWorkspaces.release();
        }
    }

    private static Measurement timed(Architecture arch, int inputSize, int batch, boolean oneDnn, double seconds, String setting) {
        NetworkGraph graph = NetworkGraph.of(arch, inputSize);
        int classes = 222;
        ComputationGraph net = new MarginTrainingNetworks(oneDnn).build(graph, ProxySettings.preset("quick"), classes, 1, 1_000_000);
        java.util.Random r = new java.util.Random(1);
        int n = batch * 4;
        List<float[]> images = new java.util.ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float[] img = new float[3 * inputSize * inputSize];
            for (int k = 0; k < img.length; k++) {
                img[k] = (float) r.nextGaussian();
            }
            images.add(img);
            labels[i] = i % classes;
        }
        ShuffledBatches batches = new ShuffledBatches(new FaceTensors(inputSize, images, labels, classes), batch, true, 1, List.of());
        // warm-up: first steps pay for JIT, allocation and workspace sizing
        for (int i = 0; i < 3; i++) {
            net.fit(next(batches));
        }
        long seen = 0;
        long start = System.nanoTime();
        while ((System.nanoTime() - start) / 1e9 < seconds) {
            MultiDataSet mds = next(batches);
            net.fit(mds);
            seen += batch;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double ips = seen / elapsed;
        long macs = CostModel.of(graph).macs();
        return new Measurement(setting, inputSize, batch, oneDnn, ips, 6.0 * macs * ips / 1e9, macs);
    }

    private static MultiDataSet next(ShuffledBatches batches) {
        if (!batches.hasNext()) {
            batches.reset();
        }
        // a step leaves DL4J's activation workspace current on this thread; the next batch must not be made in it
        try (var outside = org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return batches.next();
        }
    }
}

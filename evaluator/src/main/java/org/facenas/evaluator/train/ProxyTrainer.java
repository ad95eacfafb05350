package org.facenas.evaluator.train;

import org.facenas.evaluator.data.ShuffledBatches;
import java.util.function.IntConsumer;
import org.deeplearning4j.datasets.iterator.AsyncMultiDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/** Runs the proxy's epochs, with batches assembled on a second thread, and stops at the first non-finite loss. */
public final class ProxyTrainer {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProxyTrainer.class);

    private ProxyTrainer() {
    }

    /**
     * @param onStep called after each step with the step number (for progress), may be null
     * @throws NonFiniteLossException when the loss becomes NaN or infinite
     */
    public static TrainStats train(ComputationGraph net, ShuffledBatches batches, int epochs, IntConsumer onStep) {
        long start = System.nanoTime();
        int step = 0;
        long images = 0;
        double loss = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            long epochStart = System.nanoTime();
            long epochImages = images;
            batches.reset();
            // assembling a batch (copies, flips) overlaps the previous step's training
            MultiDataSetIterator it = new AsyncMultiDataSetIterator(batches, 2, false);
            try {
                while (it.hasNext()) {
                    MultiDataSet mds = it.next();
                    net.fit(mds);
                    loss = net.score();
                    step++;
                    images += mds.getFeatures(0).size(0);
                    close(mds);
                    if (!Double.isFinite(loss)) {
                        throw new NonFiniteLossException(step, loss);
                    }
                    if (onStep != null) {
                        onStep.accept(step);
                    }
                }
            } finally {
                if (it instanceof AsyncMultiDataSetIterator async) {
                    async.shutdown();
                }
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            // a full training's epoch takes minutes: its own time and rate say how long the rest will take
            LOG.info("epoch {}/{}: {} steps, loss {}, {} s at {} img/s", epoch + 1, epochs, step, String.format("%.3f", loss),
                    String.format("%.0f", seconds), String.format("%.1f", (images - epochImages) / seconds));
        }
        return new TrainStats(step, images, (System.nanoTime() - start) / 1e9, loss);
    }

    /**
     * Frees a trained batch's off-heap arrays now: ND4J would free them only when the garbage collector finds them,
     * and a 3-epoch quick proxy makes about 0.75 GB of batches (the step is done with them once score() is read).
     */
    private static void close(MultiDataSet mds) {
        for (org.nd4j.linalg.api.ndarray.INDArray[] arrays : new org.nd4j.linalg.api.ndarray.INDArray[][] {
                mds.getFeatures(), mds.getLabels()}) {
            if (arrays == null) {
                continue;
            }
            for (org.nd4j.linalg.api.ndarray.INDArray a : arrays) {
                if (a != null && a.closeable()) {
                    a.close();
                }
            }
        }
    }
}

package org.facenas.evaluator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.data.ShuffledBatches;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.train.MarginTrainingNetworks;
import org.facenas.evaluator.train.ProxyTrainer;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.graph.NetworkGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Why the batch-norm decay follows the run length: a proxy trains for tens of steps, too few for DL4J's default
 * decay of 0.9 to forget the initial running statistics, so inference-mode embeddings (what is scored and
 * exported) disagree with the training-mode ones the loss saw.
 */
class BatchNormStatisticsTest {

    static double trainVsInferenceCosine(ComputationGraph net, INDArray x) {
        try (var outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            float[] a = net.feedForward(x, true).get(NetworkGraph.EMBEDDING).reshape(-1).toFloatVector();
            float[] b = net.feedForward(x, false).get(NetworkGraph.EMBEDDING).reshape(-1).toFloatVector();
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int i = 0; i < a.length; i++) {
                dot += a[i] * b[i];
                na += a[i] * a[i];
                nb += b[i] * b[i];
            }
            return dot / Math.sqrt(na * nb);
        }
    }

    static double afterTraining(SourceProxyData data, ProxySettings p, int decayForSteps) {
        NetworkGraph graph = NetworkGraph.of(Architecture.parse("stem_c16,ir_r2_k3_s2_e2_c24,ir_r2_k3_s2_e2_c32,head_c64_gdc_emb32"), p.inputSize());
        ComputationGraph net = new MarginTrainingNetworks().build(graph, p, data.train().classes(), 3, decayForSteps);
        ShuffledBatches batches = new ShuffledBatches(data.train(), p.batchSize(), false, 3, List.of());
        ProxyTrainer.train(net, batches, p.epochs(), null);
        batches.reset();
        try (var outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray x = batches.next().getFeatures(0);
            return trainVsInferenceCosine(net, x);
        } finally {
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
    }

    @Test
    void shortRunsGetADecayThatForgetsTheInitialStatistics() {
        Path celeba = ProxyEvaluatorTest.CELEBA;
        ProxySettings p = ProxySettings.preset("tiny").derive().epochs(3).build();
        SourceProxyData data = SourceProxyData.load(celeba, celeba.resolve("peopleDevTrain.txt"), celeba.resolve("pairsDevTest.txt"), p);
        int steps = 3 * (data.train().count() / p.batchSize());
        double adapted = afterTraining(data, p, steps);
        double dl4jDefault = afterTraining(data, p, 1_000_000);
        assertTrue(adapted > 0.85, "inference vs training embedding cosine with the adapted decay: " + adapted);
        assertTrue(dl4jDefault < adapted - 0.1, "with decay 0.9: " + dl4jDefault + " vs adapted " + adapted
                + "; if DL4J's default now converges in " + steps + " steps, the adapted decay may be unnecessary");
    }
}

package org.facenas.evaluator.zerocost;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.data.FaceTensors;
import org.facenas.evaluator.data.ShuffledBatches;
import org.facenas.evaluator.dl4j.Embedder;
import org.facenas.evaluator.dl4j.EmbedderGraphBuilder;
import org.facenas.evaluator.dl4j.MarginSoftmaxOutputLayer;
import org.facenas.evaluator.train.MarginTrainingNetworks;
import org.facenas.evaluator.train.TrainingNetworks;
import org.facenas.records.ZeroCostScores;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.graph.Node;
import org.facenas.searchspace.graph.Op;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An architecture's zero-cost scores on one batch of real training faces at the proxy's input size: the first batch
 * the proxy's training would see with this seed (no flips), on one initialisation of the training network (the
 * embedder and the proxy's margin head) that every score reads. grad_norm and snip read the margin-softmax loss and
 * NASWOT the embedder, both in training mode (batch statistics); jacob_cov and SynFlow copies without batch norm (the
 * initial network in inference mode; zero-cost-nas's {@code bn=False} for SynFlow), SynFlow's in double precision.
 */
public final class ZeroCostScorer {

    private final ProxySettings proxy;
    private final TrainingNetworks networks = new MarginTrainingNetworks();

    public ZeroCostScorer(ProxySettings proxy) {
        if (proxy.zeroCost() == null) {
            throw new IllegalArgumentException("proxy " + proxy.name() + " trains; it is not a zero-cost proxy");
        }
        this.proxy = proxy;
    }

    public ZeroCostScores score(NetworkGraph graph, Cost cost, FaceTensors train, long seed) {
        long start = System.nanoTime();
        int batchSize = Math.min(proxy.batchSize(), train.count());
        MultiDataSet batch = new ShuffledBatches(train, batchSize, false, seed, List.of()).next();
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            ComputationGraph net = networks.build(graph, proxy, train.classes(), seed, 1);
            // the gradients are read after the pass: they must not live in a training workspace that closed
            net.getConfiguration().setTrainingWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE);
            List<String> weights = new ArrayList<>(weights(graph));
            List<String> withHead = new ArrayList<>(weights);
            // the reference counts its classifier (a Linear layer) too: here the margin head
            String head = MarginTrainingNetworks.HEAD + "_" + MarginSoftmaxOutputLayer.WEIGHT;
            if (net.paramTable().containsKey(head)) {
                withHead.add(head);
            }
            ZeroCostMeasures.GradientScores g = ZeroCostMeasures.gradients(net, batch.getFeatures(0), batch.getLabels(), withHead);
            double naswot = ZeroCostMeasures.naswot(Embedder.of(net, graph), batch.getFeatures(0), rectifiers(graph));
            // per-image Jacobians: with batch statistics a final BN makes the sum of the outputs over the batch constant
            // (its gradient zero); at initialisation the inference-mode network is the one without BN. Float, as the
            // training: a 64-image backward pass in double would leave oneDNN's float kernels
            ComputationGraph plain = Embedder.copyInto(net, Embedder.create(graph, seed,
                    new EmbedderGraphBuilder().withoutBatchNorm().readingInputThroughIdentity(), DataType.FLOAT), graph);
            double jacobCov = ZeroCostMeasures.jacobCov(plain, batch.getFeatures(0), NetworkGraph.INPUT);
            // one image of ones: double keeps R finite on deep networks at little cost
            ComputationGraph plainDouble = Embedder.copyInto(net, Embedder.create(graph, seed,
                    new EmbedderGraphBuilder().withoutBatchNorm(), DataType.DOUBLE), graph);
            double synflow = ZeroCostMeasures.logSynflow(plainDouble, weights, new long[] {1, 3, graph.inputSize(), graph.inputSize()});
            double seconds = (System.nanoTime() - start) / 1e9;
            return new ZeroCostScores(ZeroCostScores.finite(synflow), ZeroCostScores.finite(naswot), ZeroCostScores.finite(g.gradNorm()),
                    ZeroCostScores.finite(g.snip()), ZeroCostScores.finite(jacobCov), cost.params(), cost.mflops(), seconds, proxy.zeroCost());
        }
    }

    /** The weight of every convolution and linear layer of the embedder (zero-cost-nas: Conv2d and Linear). */
    static List<String> weights(NetworkGraph graph) {
        List<String> out = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Op.Conv2d || n.op() instanceof Op.Linear) {
                for (String v : EmbedderGraphBuilder.parameterVertices(graph, n)) {
                    out.add(v + "_W");
                }
            }
        }
        return out;
    }

    /** The ReLU and PReLU vertices, whose output codes NASWOT reads. */
    static List<String> rectifiers(NetworkGraph graph) {
        return graph.nodes().stream().filter(n -> n.op() instanceof Op.PRelu || n.op() instanceof Op.Relu).map(Node::name).toList();
    }
}

package org.facenas.evaluator.dl4j;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.graph.Node;
import org.facenas.searchspace.graph.Op;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The parameters of a {@link NetworkGraph} node read from the DL4J embedder built from it, converted to the layouts
 * ONNX and PyTorch share: convolution weights {@code [out, in/groups, k, k]}, batch-norm statistics as running
 * variance, one PReLU slope per channel. Every exporter reads its weights here, so a layout fix lands in all of them.
 */
public final class NodeWeights {

    private final NetworkGraph graph;
    private final ComputationGraph net;

    private NodeWeights(NetworkGraph graph, ComputationGraph net) {
        this.graph = graph;
        this.net = net;
    }

    public static NodeWeights of(ComputationGraph net, NetworkGraph graph) {
        return new NodeWeights(graph, net);
    }

    /** Convolution weight {@code [out, in/groups, k, k]} and bias {@code [out]} (null without one). */
    public record Conv(INDArray weight, INDArray bias) {
    }

    /**
     * Batch normalisation as {@code gamma * (x - mean) / sqrt(var + eps) + beta}.
     *
     * @param decay DL4J's running-average decay (PyTorch's momentum is {@code 1 - decay})
     */
    public record Norm(INDArray gamma, INDArray beta, INDArray mean, INDArray var, double eps, double decay) {
    }

    public Conv conv(Node node, Op.Conv2d c) {
        String name = node.name();
        int inChannels = graph.inputShape(node).channels();
        if (c.groups() == 1) {
            return new Conv(param(name, "W"), c.bias() ? param(name, "b").reshape(-1) : null);
        }
        if (c.groups() == inChannels) {
            // DL4J depthwise weights are [kH, kW, in, multiplier]; ONNX and PyTorch want [in*multiplier, 1, kH, kW]
            INDArray w = param(name, "W");
            INDArray weight = w.permute(2, 3, 0, 1).dup('c').reshape(c.outChannels(), 1, w.size(0), w.size(1));
            return new Conv(weight, c.bias() ? param(name, "b").reshape(-1) : null);
        }
        List<String> vertices = EmbedderGraphBuilder.parameterVertices(graph, node);
        INDArray weight = Nd4j.concat(0, vertices.stream().map(v -> param(v, "W")).toArray(INDArray[]::new));
        INDArray bias = c.bias() ? Nd4j.concat(1, vertices.stream().map(v -> param(v, "b")).toArray(INDArray[]::new)).reshape(-1) : null;
        return new Conv(weight, bias);
    }

    public Norm batchNorm(Node node) {
        String name = node.name();
        layer(name);
        Map<String, INDArray> params = net.getLayer(name).paramTable();
        BatchNormalization conf = (BatchNormalization) net.getLayer(name).conf().getLayer();
        INDArray mean = params.get("mean");
        INDArray var;
        if (params.containsKey("log10stdev")) {
            // DL4J's inference turns log10stdev into var = (10^log10stdev)^2 and then divides by sqrt(var + eps), adding
            // eps once more (measured: with eps 0 here, channels of std 0.05 were off by 0.2%)
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(params.get("log10stdev").shape(), 10.0, DataType.FLOAT),
                    params.get("log10stdev"), true);
            var = std.mul(std);
        } else {
            var = params.get("var");
        }
        INDArray gamma = params.get("gamma");
        INDArray beta = params.get("beta");
        if (gamma == null) {
            gamma = Nd4j.ones(DataType.FLOAT, mean.length());
            beta = Nd4j.zeros(DataType.FLOAT, mean.length());
        }
        return new Norm(gamma.reshape(-1), beta.reshape(-1), mean.reshape(-1), var.reshape(-1), conf.getEps(), conf.getDecay());
    }

    /** One slope per channel, {@code [channels]}. */
    public INDArray preluSlope(Node node) {
        return param(node.name(), "W").reshape(-1);
    }

    /** DL4J's (and ONNX Gemm's) layout {@code [in, out]}; PyTorch's {@code nn.Linear} wants the transpose. */
    public INDArray linearWeight(Node node) {
        return param(node.name(), "W");
    }

    /** {@code [out]}, or null when the layer has none. */
    public INDArray linearBias(Node node, Op.Linear linear) {
        return linear.bias() ? param(node.name(), "b").reshape(-1) : null;
    }

    private void layer(String vertex) {
        if (net.getVertex(vertex) == null || net.getLayer(vertex) == null) {
            throw new IllegalArgumentException("the DL4J network has no layer " + vertex + ": it was not built from " + graph.architecture());
        }
    }

    private INDArray param(String vertex, String key) {
        layer(vertex);
        INDArray p = net.getLayer(vertex).paramTable().get(key);
        if (p == null) {
            throw new IllegalArgumentException("DL4J layer " + vertex + " has no parameter " + key);
        }
        return p;
    }
}

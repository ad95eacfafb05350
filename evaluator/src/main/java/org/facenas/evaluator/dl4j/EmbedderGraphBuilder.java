package org.facenas.evaluator.dl4j;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.graph.Node;
import org.facenas.searchspace.graph.Op;
import org.facenas.searchspace.graph.Shape;
import org.nd4j.linalg.activations.Activation;

/**
 * Adds the embedder of a {@link NetworkGraph} to a DL4J graph configuration, one vertex per graph node and with
 * the node's name, so that the DL4J network, the cost model and an ONNX export can be compared node by node.
 * A grouped convolution that is neither plain nor depthwise (DL4J has no such layer) becomes one convolution per
 * group, named {@code NODE.gI}, each reading its channel slice, merged into a vertex named {@code NODE}.
 */
public final class EmbedderGraphBuilder {

    /** The network input's name in an embedder {@link #readingInputThroughIdentity()}. */
    public static final String RAW_INPUT = NetworkGraph.INPUT + ".raw";

    private final double batchNormDecay;
    private final boolean batchNorm;
    private final boolean inputIdentity;

    public EmbedderGraphBuilder() {
        this(0.9);
    }

    /** @param batchNormDecay weight of the old running statistics in each update (DL4J's and PyTorch's default 0.9) */
    public EmbedderGraphBuilder(double batchNormDecay) {
        this(batchNormDecay, true, false);
    }

    private EmbedderGraphBuilder(double batchNormDecay, boolean batchNorm, boolean inputIdentity) {
        this.batchNormDecay = batchNormDecay;
        this.batchNorm = batchNorm;
        this.inputIdentity = inputIdentity;
    }

    /**
     * This builder with the input arriving as {@value #RAW_INPUT} and passes a {@link GradientTapVertex} named {@value NetworkGraph#INPUT},
     * which keeps the gradient with respect to the input (DL4J keeps none for an input vertex): the network jacob_cov
     * reads.
     */
    public EmbedderGraphBuilder readingInputThroughIdentity() {
        return new EmbedderGraphBuilder(batchNormDecay, batchNorm, true);
    }

    /**
     * This builder with batch norm nodes as identities (same vertex names, no parameters): the network SynFlow scores,
     * as zero-cost-nas scores it ({@code bn=False}); at initialisation an inference-mode BN is the identity up to
     * 1/sqrt(1 + eps), so this is also the initial network in inference mode.
     */
    public EmbedderGraphBuilder withoutBatchNorm() {
        return new EmbedderGraphBuilder(batchNormDecay, false, inputIdentity);
    }

    /** The project's PReLU: DL4J's own is broken for per-channel slopes on feature maps (see PerChannelPReLU). */
    private static Layer prelu(Shape input, boolean spatial) {
        return spatial ? PerChannelPReLU.of(input.channels(), input.height(), input.width())
                : PerChannelPReLU.of(input.channels(), 0, 0);
    }

    /**
     * The running-statistics decay for a training of {@code steps} steps: 0.9, or less when the run is too short for
     * 0.9 to forget the initial statistics (mean 0, variance 1) to within 1e-6. Measured on the tiny proxy (28 steps):
     * with 0.9 the inference-mode embedding had cosine 0.01 with the training-mode one; with this rule, 0.94.
     */
    public static double batchNormDecayFor(int steps) {
        return Math.min(0.9, Math.exp(Math.log(1e-6) / Math.max(1, steps)));
    }

    /** Adds input {@value NetworkGraph#INPUT} (NCHW RGB) through the embedding vertex {@value NetworkGraph#EMBEDDING}. */
    public void addTo(ComputationGraphConfiguration.GraphBuilder g, NetworkGraph graph) {
        int size = graph.inputSize();
        if (inputIdentity) {
            g.addInputs(RAW_INPUT).setInputTypes(InputType.convolutional(size, size, 3));
            g.addVertex(NetworkGraph.INPUT, new GradientTapVertex(), RAW_INPUT);
        } else {
            g.addInputs(NetworkGraph.INPUT).setInputTypes(InputType.convolutional(size, size, 3));
        }
        for (Node node : graph.nodes()) {
            if (node.op() instanceof Op.Input) {
                continue;
            }
            add(g, graph, node);
        }
    }

    private void add(ComputationGraphConfiguration.GraphBuilder g, NetworkGraph graph, Node node) {
        String[] in = node.inputs().toArray(String[]::new);
        Op op = node.op();
        Shape input = graph.inputShape(node);
        String name = node.name();
        if (op instanceof Op.Conv2d conv) {
            addConv(g, name, in[0], input, conv);
        } else if (op instanceof Op.BatchNorm && !batchNorm) {
            g.addLayer(name, new ActivationLayer.Builder().activation(Activation.IDENTITY).build(), in);
        } else if (op instanceof Op.BatchNorm) {
            g.addLayer(name, ChannelBatchNorm.of(input.channels(), batchNormDecay), in);
        } else if (op instanceof Op.PRelu) {
            g.addLayer(name, prelu(input, !isVector(graph, node)), in);
        } else if (op instanceof Op.Relu) {
            g.addLayer(name, new ActivationLayer.Builder().activation(Activation.RELU).build(), in);
        } else if (op instanceof Op.Sigmoid) {
            g.addLayer(name, new ActivationLayer.Builder().activation(Activation.SIGMOID).build(), in);
        } else if (op instanceof Op.Add) {
            g.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), in);
        } else if (op instanceof Op.GlobalAvgPool) {
            g.addLayer(name, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), in);
        } else if (op instanceof Op.ChannelScale) {
            g.addVertex(name, new ChannelScaleVertex(), in);
        } else if (op instanceof Op.Linear linear) {
            g.addLayer(name, new DenseLayer.Builder().nIn(input.elements()).nOut(linear.outFeatures())
                    .hasBias(linear.bias()).activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build(), in);
        } else {
            throw new IllegalArgumentException("the DL4J builder has no rule for op " + op.getClass().getSimpleName()
                    + " (node " + name + ")");
        }
    }

    /** After a pooling or a linear layer the activations are [N,C]; elsewhere [N,C,H,W]. */
    private static boolean isVector(NetworkGraph graph, Node node) {
        Node producer = graph.node(node.inputs().get(0));
        while (producer.op() instanceof Op.BatchNorm || producer.op() instanceof Op.PRelu) {
            producer = graph.node(producer.inputs().get(0));
        }
        return producer.op() instanceof Op.GlobalAvgPool || producer.op() instanceof Op.Linear;
    }

    private static void addConv(ComputationGraphConfiguration.GraphBuilder g, String name, String in, Shape input, Op.Conv2d c) {
        int k = c.kernel();
        if (c.groups() == 1) {
            g.addLayer(name, new DirectConvolution(new ConvolutionLayer.Builder(k, k).stride(c.stride(), c.stride())
                    .padding(c.padding(), c.padding()).nIn(input.channels()).nOut(c.outChannels()).hasBias(c.bias())
                    .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).weightInit(WeightInit.RELU)), in);
        } else if (c.groups() == input.channels()) {
            g.addLayer(name, new DirectDepthwise(new DepthwiseConvolution2D.Builder(k, k).stride(c.stride(), c.stride())
                    .padding(c.padding(), c.padding()).nIn(input.channels()).depthMultiplier(c.outChannels() / c.groups())
                    .nOut(c.outChannels()).hasBias(c.bias()).convolutionMode(ConvolutionMode.Truncate)
                    .activation(Activation.IDENTITY).weightInit(WeightInit.RELU)), in);
        } else {
            int inPerGroup = input.channels() / c.groups();
            int outPerGroup = c.outChannels() / c.groups();
            String[] parts = new String[c.groups()];
            for (int i = 0; i < c.groups(); i++) {
                String slice = name + ".in" + i;
                g.addVertex(slice, new ChannelSliceVertex(i * inPerGroup, (i + 1) * inPerGroup), in);
                parts[i] = groupConvName(name, i);
                g.addLayer(parts[i], new DirectConvolution(new ConvolutionLayer.Builder(k, k).stride(c.stride(), c.stride())
                        .padding(c.padding(), c.padding()).nIn(inPerGroup).nOut(outPerGroup).hasBias(c.bias())
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY)
                        .weightInit(WeightInit.RELU)), slice);
            }
            g.addVertex(name, new MergeVertex(), parts);
        }
    }

    /** The DL4J convolution holding group {@code i} of a grouped convolution node (1 < groups < channels). */
    public static String groupConvName(String node, int group) {
        return node + ".g" + group;
    }

    /** The DL4J layers holding a graph node's parameters: the node's own vertex, or one per group. */
    public static java.util.List<String> parameterVertices(NetworkGraph graph, Node node) {
        if (node.op() instanceof Op.Conv2d c && c.groups() != 1 && c.groups() != graph.inputShape(node).channels()) {
            return java.util.stream.IntStream.range(0, c.groups()).mapToObj(i -> groupConvName(node.name(), i)).toList();
        }
        return java.util.List.of(node.name());
    }
}

package org.facenas.evaluator.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.dl4j.EmbedderGraphBuilder;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.graph.Node;
import org.facenas.searchspace.graph.Op;
import org.facenas.searchspace.graph.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes a DL4J embedder as an ONNX model (opset 13): one ONNX node per {@link NetworkGraph} node, the weights
 * read from the DL4J vertex of the same name and converted to ONNX layouts. The batch dimension is dynamic
 * ({@code batch}); input {@value NetworkGraph#INPUT} is NCHW RGB, output {@value NetworkGraph#EMBEDDING} is
 * [batch, embedding]. The ONNX protobuf classes are the ones nd4j-api already ships; this proto version has no
 * metadata_props, so provenance travels as JSON in the model's doc_string.
 */
public final class OnnxExporter {

    static final int OPSET = 13;
    private static final long IR_VERSION = 7;

    private final NetworkGraph graph;
    private final ComputationGraph net;
    private final Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder();
    /** ONNX tensor rank per graph node: 4 for feature maps, 2 after a linear layer. */
    private final Map<String, Integer> rank = new HashMap<>();

    private OnnxExporter(NetworkGraph graph, ComputationGraph net) {
        this.graph = graph;
        this.net = net;
    }

    /**
     * @param embedder   the DL4J embedder built from {@code graph} (see {@code Embedder})
     * @param docString  stored as the model's doc_string (FaceNAS puts the provenance JSON there)
     */
    public static byte[] export(ComputationGraph embedder, NetworkGraph graph, String docString) {
        OnnxExporter e = new OnnxExporter(graph, embedder);
        Onnx.GraphProto g;
        // after a training, DL4J can leave a workspace current on this thread; converted weights must not land in it
        try (org.nd4j.linalg.api.memory.MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            g = e.build();
        }
        return Onnx.ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("facenas")
                .setProducerVersion(OnnxExporter.class.getPackage().getImplementationVersion() == null ? "dev"
                        : OnnxExporter.class.getPackage().getImplementationVersion())
                .setDocString(docString == null ? "" : docString)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g).build().toByteArray();
    }

    private Onnx.GraphProto build() {
        g.setName(graph.architecture().blockString());
        int size = graph.inputSize();
        g.addInput(valueInfo(NetworkGraph.INPUT, List.of("batch", 3L, (long) size, (long) size)));
        for (Node node : graph.nodes()) {
            if (node.op() instanceof Op.Input) {
                rank.put(node.name(), 4);
            } else {
                add(node);
            }
        }
        String out = NetworkGraph.EMBEDDING;
        if (rank.get(out) != 2) {
            throw new IllegalStateException("the embedding node must follow a linear layer; got a feature map");
        }
        long dim = graph.node(NetworkGraph.EMBEDDING).output().channels();
        g.addOutput(valueInfo(out, List.of("batch", dim)));
        return g.build();
    }

    private void add(Node node) {
        Op op = node.op();
        String name = node.name();
        List<String> in = node.inputs();
        int inRank = rank.get(in.get(0));
        if (op instanceof Op.Conv2d c) {
            conv(node, c);
            rank.put(name, 4);
            return;
        }
        if (op instanceof Op.BatchNorm) {
            batchNorm(node);
        } else if (op instanceof Op.PRelu) {
            INDArray slope = param(name, "W").reshape(inRank == 4 ? new long[] {-1, 1, 1} : new long[] {-1});
            g.addNode(node("PRelu", List.of(in.get(0), initializer(name + ".slope", slope)), name));
        } else if (op instanceof Op.Relu) {
            g.addNode(node("Relu", in, name));
        } else if (op instanceof Op.Sigmoid) {
            g.addNode(node("Sigmoid", in, name));
        } else if (op instanceof Op.Add) {
            g.addNode(node("Add", in, name));
        } else if (op instanceof Op.GlobalAvgPool) {
            g.addNode(node("GlobalAveragePool", in, name));
        } else if (op instanceof Op.ChannelScale) {
            String gate = in.get(1);
            if (rank.get(gate) == 2) {
                String axes = initializer(name + ".axes", Nd4j.createFromArray(2L, 3L));
                g.addNode(node("Unsqueeze", List.of(gate, axes), name + ".gate4d"));
                gate = name + ".gate4d";
            }
            g.addNode(node("Mul", List.of(in.get(0), gate), name));
        } else if (op instanceof Op.Linear linear) {
            String x = inRank == 4 ? flatten(in.get(0)) : in.get(0);
            List<String> inputs = new ArrayList<>(List.of(x, initializer(name + ".weight", param(name, "W"))));
            if (linear.bias()) {
                inputs.add(initializer(name + ".bias", param(name, "b").reshape(-1)));
            }
            g.addNode(node("Gemm", inputs, name));
            rank.put(name, 2);
            return;
        } else {
            throw new IllegalArgumentException("the ONNX exporter has no rule for op " + op.getClass().getSimpleName()
                    + " (node " + name + ")");
        }
        rank.put(name, inRank);
    }

    private String flatten(String x) {
        String name = x + ".flat";
        g.addNode(node("Flatten", List.of(x), name).addAttribute(intAttr("axis", 1)));
        return name;
    }

    private void conv(Node node, Op.Conv2d c) {
        String name = node.name();
        Shape input = graph.inputShape(node);
        INDArray weight;
        INDArray bias = null;
        List<String> vertices = EmbedderGraphBuilder.parameterVertices(graph, node);
        if (c.groups() == 1) {
            weight = param(name, "W");
            bias = c.bias() ? param(name, "b") : null;
        } else if (c.groups() == input.channels()) {
            // DL4J depthwise weights are [kH, kW, in, multiplier]; ONNX wants [in*multiplier, 1, kH, kW]
            INDArray w = param(name, "W");
            long k0 = w.size(0);
            long k1 = w.size(1);
            weight = w.permute(2, 3, 0, 1).dup('c').reshape(c.outChannels(), 1, k0, k1);
            bias = c.bias() ? param(name, "b") : null;
        } else {
            INDArray[] parts = vertices.stream().map(v -> param(v, "W")).toArray(INDArray[]::new);
            weight = Nd4j.concat(0, parts);
            if (c.bias()) {
                bias = Nd4j.concat(1, vertices.stream().map(v -> param(v, "b")).toArray(INDArray[]::new));
            }
        }
        List<String> inputs = new ArrayList<>(List.of(node.inputs().get(0), initializer(name + ".weight", weight)));
        if (bias != null) {
            inputs.add(initializer(name + ".bias", bias.reshape(-1)));
        }
        int p = c.padding();
        g.addNode(node("Conv", inputs, name)
                .addAttribute(intsAttr("kernel_shape", c.kernel(), c.kernel()))
                .addAttribute(intsAttr("strides", c.stride(), c.stride()))
                .addAttribute(intsAttr("pads", p, p, p, p))
                .addAttribute(intAttr("group", c.groups())));
    }

    private void batchNorm(Node node) {
        String name = node.name();
        Map<String, INDArray> params = net.getLayer(name).paramTable();
        BatchNormalization conf = (BatchNormalization) net.getLayer(name).conf().getLayer();
        INDArray gamma = params.get("gamma");
        INDArray beta = params.get("beta");
        INDArray mean = params.get("mean");
        INDArray var;
        double eps;
        if (params.containsKey("log10stdev")) {
            // DL4J's inference turns log10stdev into var = (10^log10stdev)^2 and then divides by sqrt(var + eps), adding
            // eps once more (measured: with eps 0 here, channels of std 0.05 were off by 0.2%)
            INDArray std = org.nd4j.linalg.ops.transforms.Transforms.pow(Nd4j.valueArrayOf(params.get("log10stdev").shape(), 10.0, DataType.FLOAT),
                    params.get("log10stdev"), true);
            var = std.mul(std);
            eps = conf.getEps();
        } else {
            var = params.get("var");
            eps = conf.getEps();
        }
        if (gamma == null) {
            long c = mean.length();
            gamma = Nd4j.ones(DataType.FLOAT, c);
            beta = Nd4j.zeros(DataType.FLOAT, c);
        }
        g.addNode(node("BatchNormalization", List.of(node.inputs().get(0),
                initializer(name + ".scale", gamma.reshape(-1)), initializer(name + ".bias", beta.reshape(-1)),
                initializer(name + ".mean", mean.reshape(-1)), initializer(name + ".var", var.reshape(-1))), name)
                .addAttribute(Onnx.AttributeProto.newBuilder().setName("epsilon").setType(Onnx.AttributeProto.AttributeType.FLOAT)
                        .setF((float) eps)));
    }

    private INDArray param(String vertex, String key) {
        if (net.getVertex(vertex) == null || net.getLayer(vertex) == null) {
            throw new IllegalArgumentException("the DL4J network has no layer " + vertex + ": it was not built from " + graph.architecture());
        }
        INDArray p = net.getLayer(vertex).paramTable().get(key);
        if (p == null) {
            throw new IllegalArgumentException("DL4J layer " + vertex + " has no parameter " + key);
        }
        return p;
    }

    private String initializer(String name, INDArray array) {
        INDArray a = array.castTo(array.dataType() == DataType.INT64 ? DataType.INT64 : DataType.FLOAT).dup('c');
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name);
        for (long d : a.shape()) {
            t.addDims(d);
        }
        if (a.dataType() == DataType.INT64) {
            t.setDataType(Onnx.TensorProto.DataType.INT64.getNumber());
            for (long v : a.reshape(a.length()).toLongVector()) {
                t.addInt64Data(v);
            }
        } else {
            t.setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber());
            float[] values = a.reshape(a.length()).toFloatVector();
            java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().put(values);
            t.setRawData(org.nd4j.shade.protobuf.ByteString.copyFrom(raw.array()));
        }
        g.addInitializer(t);
        return name;
    }

    private static Onnx.NodeProto.Builder node(String opType, List<String> inputs, String output) {
        return Onnx.NodeProto.newBuilder().setOpType(opType).setName(output).addAllInput(inputs).addOutput(output);
    }

    private static Onnx.AttributeProto intAttr(String name, long v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static Onnx.AttributeProto intsAttr(String name, long... v) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    private static Onnx.ValueInfoProto valueInfo(String name, List<Object> dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            Onnx.TensorShapeProto.Dimension.Builder dim = Onnx.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue((Long) d);
            }
            shape.addDim(dim);
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape))).build();
    }
}

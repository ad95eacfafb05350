package org.facenas.evaluator.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.dl4j.NodeWeights;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.graph.Node;
import org.facenas.searchspace.graph.Op;
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
    private final NodeWeights weights;
    private final Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder();
    /** ONNX tensor rank per graph node: 4 for feature maps, 2 after a linear layer. */
    private final Map<String, Integer> rank = new HashMap<>();

    private OnnxExporter(NetworkGraph graph, ComputationGraph net) {
        this.graph = graph;
        this.weights = NodeWeights.of(net, graph);
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
            INDArray slope = weights.preluSlope(node).reshape(inRank == 4 ? new long[] {-1, 1, 1} : new long[] {-1});
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
            List<String> inputs = new ArrayList<>(List.of(x, initializer(name + ".weight", weights.linearWeight(node))));
            INDArray bias = weights.linearBias(node, linear);
            if (bias != null) {
                inputs.add(initializer(name + ".bias", bias));
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
        NodeWeights.Conv w = weights.conv(node, c);
        List<String> inputs = new ArrayList<>(List.of(node.inputs().get(0), initializer(name + ".weight", w.weight())));
        if (w.bias() != null) {
            inputs.add(initializer(name + ".bias", w.bias()));
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
        NodeWeights.Norm n = weights.batchNorm(node);
        g.addNode(node("BatchNormalization", List.of(node.inputs().get(0), initializer(name + ".scale", n.gamma()),
                initializer(name + ".bias", n.beta()), initializer(name + ".mean", n.mean()), initializer(name + ".var", n.var())), name)
                .addAttribute(Onnx.AttributeProto.newBuilder().setName("epsilon").setType(Onnx.AttributeProto.AttributeType.FLOAT)
                        .setF((float) n.eps())));
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

package org.facenas.evaluator.pytorch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.dl4j.NodeWeights;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.graph.Node;
import org.facenas.searchspace.graph.Op;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes a DL4J embedder as PyTorch: one self-contained Python file defining {@value #CLASS_NAME}, a
 * {@code torch.nn.Module} whose constructor takes no argument (one module or one expression per {@link NetworkGraph}
 * node, like the ONNX export), and its {@code state_dict} beside it ({@link TorchStateDict}). Input NCHW RGB at the
 * graph's size, {@code (p - 127.5) / 128}; output the raw (not normalised) embedding.
 */
public final class PyTorchExporter {

    public static final String CLASS_NAME = "FaceNasNet";
    /** Names a generated attribute must not take: Python keywords and what nn.Module already defines. */
    private static final Set<String> RESERVED = Set.of("x", "self", "torch", "nn", "input", "training", "forward", "eval", "train",
            "state_dict", "parameters", "modules", "children", "to", "cuda", "cpu", "float", "half", "type", "apply", "register_buffer",
            "and", "or", "not", "in", "is", "if", "else", "for", "while", "def", "class", "return", "import", "from", "as", "with",
            "lambda", "pass", "None", "True", "False", "del", "global", "try", "except", "raise", "yield", "assert", "break", "continue");

    private final NetworkGraph graph;
    private final NodeWeights weights;
    private final Map<String, String> ids = new HashMap<>();
    private final Map<String, Integer> rank = new HashMap<>();
    private final StringBuilder init = new StringBuilder();
    private final StringBuilder forward = new StringBuilder();
    private final LinkedHashMap<String, TorchStateDict.Tensor> state = new LinkedHashMap<>();

    private PyTorchExporter(NetworkGraph graph, ComputationGraph net) {
        this.graph = graph;
        this.weights = NodeWeights.of(net, graph);
    }

    /** The Python source and the state_dict. */
    public record Export(String source, LinkedHashMap<String, TorchStateDict.Tensor> stateDict) {
    }

    /**
     * @param embedder   the DL4J embedder built from {@code graph}
     * @param provenance the provenance JSON, kept in the module as {@code PROVENANCE}
     */
    public static Export export(ComputationGraph embedder, NetworkGraph graph, String provenance) {
        PyTorchExporter e = new PyTorchExporter(graph, embedder);
        // after a training, DL4J can leave a workspace current on this thread; converted weights must not land in it
        try (var outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return new Export(e.build(provenance == null ? "{}" : provenance), e.state);
        }
    }

    /** Writes {@code DIR/<stem>.py} and {@code DIR/<stem>.pt}. */
    public static void write(Path dir, String stem, ComputationGraph embedder, NetworkGraph graph, String provenance) throws IOException {
        Export e = export(embedder, graph, provenance);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(stem + ".py"), e.source());
        TorchStateDict.write(dir.resolve(stem + ".pt"), e.stateDict());
    }

    private String build(String provenance) {
        for (Node node : graph.nodes()) {
            if (node.op() instanceof Op.Input) {
                ids.put(node.name(), "x");
                rank.put(node.name(), 4);
            } else {
                add(node);
            }
        }
        if (rank.get(NetworkGraph.EMBEDDING) != 2) {
            throw new IllegalStateException("the embedding node must follow a linear layer; got a feature map");
        }
        int size = graph.inputSize();
        int dim = graph.node(NetworkGraph.EMBEDDING).output().channels();
        String literal;
        try {
            literal = new ObjectMapper().writeValueAsString(provenance);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        return String.format(Locale.ROOT, """
                \"""FaceNAS architecture %s as a PyTorch module (exported by facenas; needs only torch).

                %s() takes NCHW RGB float input [N, 3, %d, %d] normalised as (pixel - 127.5) / 128 and returns the raw
                (not L2-normalised) embedding [N, %d]. The weights are the state_dict beside this file:
                    net = %s(); net.load_state_dict(torch.load("<this file's stem>.pt")); net.eval()
                PROVENANCE is the export's provenance JSON (run, data, weights).
                \"""
                import torch
                from torch import nn

                PROVENANCE = %s


                class %s(nn.Module):
                    block_string = "%s"
                    input_size = %d
                    embedding_size = %d

                    def __init__(self):
                        super().__init__()
                %s
                    def forward(self, x):
                %s        return %s


                def get_model(*args, **kwargs):
                    \"""The network, whatever arguments a training script passes (arcface_torch's get_model hook).\"""
                    return %s()
                """, graph.architecture().blockString(), CLASS_NAME, size, size, dim, CLASS_NAME, literal, CLASS_NAME,
                graph.architecture().blockString(), size, dim, init, forward, ids.get(NetworkGraph.EMBEDDING), CLASS_NAME);
    }

    private void add(Node node) {
        Op op = node.op();
        String id = id(node.name());
        List<String> in = node.inputs().stream().map(ids::get).toList();
        int inRank = rank.get(node.inputs().get(0));
        int channels = graph.inputShape(node).channels();
        int outRank = inRank;
        if (op instanceof Op.Conv2d c) {
            NodeWeights.Conv w = weights.conv(node, c);
            module(id, String.format(Locale.ROOT, "nn.Conv2d(%d, %d, %d, stride=%d, padding=%d, groups=%d, bias=%s)", channels,
                    c.outChannels(), c.kernel(), c.stride(), c.padding(), c.groups(), c.bias() ? "True" : "False"));
            tensor(id + ".weight", w.weight());
            if (w.bias() != null) {
                tensor(id + ".bias", w.bias());
            }
            line(id, "self." + id + "(" + in.get(0) + ")");
        } else if (op instanceof Op.BatchNorm) {
            NodeWeights.Norm n = weights.batchNorm(node);
            module(id, String.format(Locale.ROOT, "nn.BatchNorm%dd(%d, eps=%s, momentum=%s)", inRank == 4 ? 2 : 1, channels,
                    Double.toString(n.eps()), Double.toString(Math.round((1 - n.decay()) * 1e9) / 1e9)));
            tensor(id + ".weight", n.gamma());
            tensor(id + ".bias", n.beta());
            tensor(id + ".running_mean", n.mean());
            tensor(id + ".running_var", n.var());
            state.put(id + ".num_batches_tracked", TorchStateDict.Tensor.longScalar(0));
            line(id, "self." + id + "(" + in.get(0) + ")");
        } else if (op instanceof Op.PRelu) {
            module(id, "nn.PReLU(" + channels + ")");
            tensor(id + ".weight", weights.preluSlope(node));
            line(id, "self." + id + "(" + in.get(0) + ")");
        } else if (op instanceof Op.Relu) {
            line(id, "torch.relu(" + in.get(0) + ")");
        } else if (op instanceof Op.Sigmoid) {
            line(id, "torch.sigmoid(" + in.get(0) + ")");
        } else if (op instanceof Op.Add) {
            line(id, in.get(0) + " + " + in.get(1));
        } else if (op instanceof Op.GlobalAvgPool) {
            line(id, in.get(0) + ".mean(dim=(2, 3), keepdim=True)");
        } else if (op instanceof Op.ChannelScale) {
            String gate = rank.get(node.inputs().get(1)) == 2 ? in.get(1) + "[:, :, None, None]" : in.get(1);
            line(id, in.get(0) + " * " + gate);
        } else if (op instanceof Op.Linear linear) {
            module(id, String.format(Locale.ROOT, "nn.Linear(%d, %d, bias=%s)", channels, linear.outFeatures(), linear.bias() ? "True" : "False"));
            tensor(id + ".weight", weights.linearWeight(node).transpose());
            INDArray bias = weights.linearBias(node, linear);
            if (bias != null) {
                tensor(id + ".bias", bias);
            }
            line(id, "self." + id + "(" + (inRank == 4 ? "torch.flatten(" + in.get(0) + ", 1)" : in.get(0)) + ")");
            outRank = 2;
        } else {
            throw new IllegalArgumentException("the PyTorch exporter has no rule for op " + op.getClass().getSimpleName()
                    + " (node " + node.name() + ")");
        }
        rank.put(node.name(), outRank);
    }

    /** A Python identifier for a node name ({@code s1.b0.dw} -> {@code s1_b0_dw}), unique in the module. */
    private String id(String name) {
        String id = name.replaceAll("[^A-Za-z0-9_]", "_");
        if (Character.isDigit(id.charAt(0)) || RESERVED.contains(id)) {
            id = "n_" + id;
        }
        if (new HashSet<>(ids.values()).contains(id)) {
            throw new IllegalStateException("nodes " + name + " and another both become Python name " + id);
        }
        ids.put(name, id);
        return id;
    }

    private void module(String id, String constructor) {
        init.append("        self.").append(id).append(" = ").append(constructor).append('\n');
    }

    private void line(String id, String expression) {
        forward.append("        ").append(id).append(" = ").append(expression).append('\n');
    }

    private void tensor(String key, INDArray array) {
        INDArray a = array.castTo(DataType.FLOAT).dup('c');
        state.put(key, TorchStateDict.Tensor.floats(a.reshape(a.length()).toFloatVector(), a.shape()));
    }
}

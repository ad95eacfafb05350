package org.facenas.searchspace.cost;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.graph.Node;
import org.facenas.searchspace.graph.Op;
import org.facenas.searchspace.graph.Shape;

/** The exact analytical cost of an architecture, computed node by node over its {@link NetworkGraph}. */
public final class CostModel {

    public static final int DEFAULT_INPUT_SIZE = 112;

    private CostModel() {
    }

    public static Cost of(Architecture architecture) {
        return of(NetworkGraph.of(architecture, DEFAULT_INPUT_SIZE));
    }

    public static Cost of(Architecture architecture, int inputSize) {
        return of(NetworkGraph.of(architecture, inputSize));
    }

    public static Cost of(NetworkGraph graph) {
        List<NodeCost> nodes = new ArrayList<>();
        long params = 0;
        long macs = 0;
        for (Node node : graph.nodes()) {
            NodeCost c = nodeCost(graph, node);
            nodes.add(c);
            params += c.params();
            macs += c.macs();
        }
        return new Cost(graph.inputSize(), params, macs, 2 * macs, 4 * params, peakActivationBytes(graph),
                stages(graph, nodes), nodes);
    }

    /** Parameters and MACs of one node; an op with no rule here is an error, never zero. */
    public static NodeCost nodeCost(NetworkGraph graph, Node node) {
        Op op = node.op();
        Shape out = node.output();
        long params;
        long macs;
        if (op instanceof Op.Input) {
            params = 0;
            macs = 0;
        } else if (op instanceof Op.Conv2d conv) {
            Shape in = graph.inputShape(node);
            long perOutput = (long) conv.kernel() * conv.kernel() * (in.channels() / conv.groups());
            params = perOutput * conv.outChannels() + (conv.bias() ? conv.outChannels() : 0);
            macs = perOutput * out.elements();
        } else if (op instanceof Op.BatchNorm) {
            params = 2L * out.channels();
            macs = 0;
        } else if (op instanceof Op.PRelu) {
            params = out.channels();
            macs = 0;
        } else if (op instanceof Op.Linear linear) {
            long in = graph.inputShape(node).elements();
            params = in * linear.outFeatures() + (linear.bias() ? linear.outFeatures() : 0);
            macs = in * linear.outFeatures();
        } else if (op instanceof Op.Relu || op instanceof Op.Sigmoid || op instanceof Op.Add
                || op instanceof Op.GlobalAvgPool || op instanceof Op.ChannelScale) {
            params = 0;
            macs = 0;
        } else {
            throw new IllegalArgumentException("cost model has no rule for op " + op.getClass().getSimpleName()
                    + " (node " + node.name() + ")");
        }
        return new NodeCost(node.name(), node.stage(), out, params, macs);
    }

    private static List<StageCost> stages(NetworkGraph graph, List<NodeCost> nodes) {
        Map<String, long[]> totals = new LinkedHashMap<>();
        Map<String, Shape> outputs = new HashMap<>();
        for (NodeCost c : nodes) {
            if (c.node().equals(NetworkGraph.INPUT)) {
                continue;
            }
            long[] t = totals.computeIfAbsent(c.stage(), k -> new long[2]);
            t[0] += c.params();
            t[1] += c.macs();
            outputs.put(c.stage(), c.output());
        }
        Architecture arch = graph.architecture();
        List<StageCost> stages = new ArrayList<>();
        totals.forEach((stage, t) -> stages.add(new StageCost(stage, blockOf(arch, stage), outputs.get(stage), t[0], t[1])));
        return stages;
    }

    private static String blockOf(Architecture arch, String stage) {
        if (stage.equals("stem")) {
            return arch.stem().blockString();
        }
        if (stage.equals("head")) {
            return arch.head().blockString();
        }
        return arch.stages().get(Integer.parseInt(stage.substring("stage".length())) - 1).blockString();
    }

    private static long peakActivationBytes(NetworkGraph graph) {
        List<Node> nodes = graph.nodes();
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                lastUse.put(in, i);
            }
        }
        Map<String, Long> live = new HashMap<>();
        long liveBytes = 0;
        long peak = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            long bytes = 4 * n.output().elements();
            live.put(n.name(), bytes);
            liveBytes += bytes;
            peak = Math.max(peak, liveBytes);
            for (String in : n.inputs()) {
                if (lastUse.get(in) == i) {
                    liveBytes -= live.remove(in);
                }
            }
        }
        return peak;
    }
}

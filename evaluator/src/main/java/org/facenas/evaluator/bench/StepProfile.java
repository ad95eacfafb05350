package org.facenas.evaluator.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.graph.Node;
import org.facenas.searchspace.graph.Op;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;
import org.nd4j.linalg.profiler.data.StringAggregator;
import org.nd4j.linalg.profiler.data.primitives.TimeSet;

/**
 * Where one training step's time goes. Two views of the same network and batch:
 * <ul>
 *   <li>by layer kind: the step is replayed vertex by vertex (forward in topological order, backward in reverse,
 *   with the real epsilons, then the Adam update), each call timed; what {@code fit} spends beyond the sum (epsilon
 *   accumulation, workspace bookkeeping, score) is reported as framework.</li>
 *   <li>by native op: ND4J's op profiler with elapsed times over whole {@code fit} steps; an op's name is known for
 *   calls over 0.1 ms (ND4J keeps only the class of shorter ones), so short calls are summed by op class.</li>
 * </ul>
 */
public final class StepProfile {

    /** The layer kinds the table reports. */
    public enum Kind {
        CONV_1X1("conv 1x1"), CONV_KXK("conv kxk"), DEPTHWISE("depthwise"), BATCH_NORM("batch norm"), PRELU("PReLU"),
        SE("SE"), RESIDUAL_ADD("residual add"), HEAD("head"), OTHER_LAYERS("other layers"), OPTIMIZER("optimizer"),
        FRAMEWORK("framework");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Milliseconds per step spent in one layer kind, forward and backward. */
    public record KindTime(Kind kind, int vertices, double forwardMs, double backwardMs) {
        public double totalMs() {
            return forwardMs + backwardMs;
        }
    }

    /** Milliseconds per step in one native op (or op class, for calls too short to be named). */
    public record OpTime(String op, double msPerStep) {
    }

    /** The profile of one setting. {@code stepMs}: a plain {@code fit} step without profiling. */
    public record Profile(String setting, int inputSize, int batch, double stepMs, double replayMs, List<KindTime> kinds,
                          double opMsPerStep, List<OpTime> ops) {
    }

    private static final int WARMUP_STEPS = 12;

    private StepProfile() {
    }

    /** {@code warmupSeconds}: untimed training first, at least {@value #WARMUP_STEPS} steps (see TrainThroughput.measure). */
    public static Profile measure(Architecture arch, int inputSize, int batch, int steps, double warmupSeconds, String setting) {
        try {
            return profile(arch, inputSize, batch, steps, warmupSeconds, setting);
        } finally {
            Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
            org.facenas.evaluator.dl4j.ThreadWorkspaces.release();
        }
    }

    private static Profile profile(Architecture arch, int inputSize, int batch, int steps, double warmupSeconds, String setting) {
        NetworkGraph graph = NetworkGraph.of(arch, inputSize);
        ComputationGraph net = TrainThroughput.network(graph);
        MultiDataSet data = TrainThroughput.randomBatch(inputSize, batch, TrainThroughput.CLASSES, 1);
        // the Java sweeps of the channel layers need a few hundred calls before the JIT has compiled them: with 3
        // warm-up steps the fit step measured 506 ms against 363 ms for the replay that followed it
        long warmStart = System.nanoTime();
        for (int i = 0; i < WARMUP_STEPS || (System.nanoTime() - warmStart) / 1e9 < warmupSeconds; i++) {
            net.fit(data);
        }
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        double stepMs = (System.nanoTime() - start) / 1e6 / steps;

        Map<Kind, double[]> byKind = new EnumMap<>(Kind.class);
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        Map<String, Kind> kindOf = kinds(graph, net);
        kindOf.values().forEach(k -> counts.merge(k, 1, Integer::sum));
        replay(net, data, kindOf, new EnumMap<>(Kind.class)); // warm the replay's own allocations
        double replayMs = 0;
        for (int i = 0; i < steps; i++) {
            long t = System.nanoTime();
            replay(net, data, kindOf, byKind);
            replayMs += (System.nanoTime() - t) / 1e6;
        }
        replayMs /= steps;
        List<KindTime> kinds = new ArrayList<>();
        double parts = 0;
        for (Kind k : Kind.values()) {
            double[] t = byKind.get(k);
            if (t != null) {
                kinds.add(new KindTime(k, counts.getOrDefault(k, 0), t[0] / 1e6 / steps, t[1] / 1e6 / steps));
                parts += (t[0] + t[1]) / 1e6 / steps;
            }
        }
        // what fit spends beyond its timed parts: epsilon accumulation, workspace bookkeeping, the score
        kinds.add(new KindTime(Kind.FRAMEWORK, 0, 0, Math.max(0, stepMs - parts)));

        OpExecutioner ex = Nd4j.getExecutioner();
        OpProfiler.getInstance().reset();
        ex.setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).checkWorkspaces(false).build());
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        ex.setProfilingConfig(ProfilerConfig.builder().build());
        List<OpTime> ops = ops(OpProfiler.getInstance(), steps);
        double opMs = ops.stream().mapToDouble(OpTime::msPerStep).sum();
        OpProfiler.getInstance().reset();
        return new Profile(setting, inputSize, batch, stepMs, replayMs, kinds, opMs, ops);
    }

    /** One training step, vertex by vertex, each forward and backward call timed into {@code into} (ns). */
    private static void replay(ComputationGraph net, MultiDataSet data, Map<String, Kind> kindOf, Map<Kind, double[]> into) {
        // fit leaves its (closed) activation workspace current on this thread; the replay allocates outside it
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            replayOutside(net, data, kindOf, into);
        }
    }

    private static void replayOutside(ComputationGraph net, MultiDataSet data, Map<String, Kind> kindOf, Map<Kind, double[]> into) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        GraphVertex[] vertices = net.getVertices();
        int[] order = net.topologicalSortOrder();
        Map<String, INDArray> activations = new HashMap<>();
        int labelIndex = 0;
        for (int idx : order) {
            GraphVertex v = vertices[idx];
            if (v.isInputVertex()) {
                activations.put(v.getVertexName(), data.getFeatures(0));
                continue;
            }
            v.setInputs(inputsOf(v, vertices, activations));
            if (v instanceof LayerVertex layer) {
                layer.applyPreprocessorAndSetInput(mgr);
            }
            if (v.isOutputVertex()) {
                ((IOutputLayer) v.getLayer()).setLabels(data.getLabels(labelIndex++));
                continue; // an output layer's forward runs inside its backward
            }
            long t = System.nanoTime();
            activations.put(v.getVertexName(), v.doForward(true, mgr));
            into.computeIfAbsent(kindOf.get(v.getVertexName()), k -> new double[2])[0] += System.nanoTime() - t;
        }
        Map<String, INDArray> epsilons = new HashMap<>();
        DefaultGradient gradient = new DefaultGradient(net.getFlattenedGradients());
        for (int i = order.length - 1; i >= 0; i--) {
            GraphVertex v = vertices[order[i]];
            if (v.isInputVertex()) {
                continue;
            }
            if (!v.isOutputVertex()) {
                INDArray eps = epsilons.get(v.getVertexName());
                if (eps == null) {
                    continue;
                }
                v.setEpsilon(eps);
            }
            long t = System.nanoTime();
            Pair<Gradient, INDArray[]> back = v.doBackward(false, mgr);
            into.computeIfAbsent(kindOf.get(v.getVertexName()), k -> new double[2])[1] += System.nanoTime() - t;
            if (back.getFirst() != null) {
                back.getFirst().gradientForVariable().forEach((p, g) -> gradient.setGradientFor(v.getVertexName() + "_" + p, g));
            }
            VertexIndices[] ins = v.getInputVertices();
            for (int j = 0; j < ins.length; j++) {
                INDArray e = back.getSecond()[j];
                if (e != null) {
                    epsilons.merge(vertices[ins[j].getVertexIndex()].getVertexName(), e, INDArray::add);
                }
            }
        }
        long t = System.nanoTime();
        net.getUpdater().update(gradient, 0, 0, (int) data.getFeatures(0).size(0), mgr);
        INDArray params = net.params();
        params.subi(net.getFlattenedGradients().reshape(params.shape()));
        into.computeIfAbsent(Kind.OPTIMIZER, k -> new double[2])[1] += System.nanoTime() - t;
    }

    private static INDArray[] inputsOf(GraphVertex v, GraphVertex[] vertices, Map<String, INDArray> activations) {
        VertexIndices[] ins = v.getInputVertices();
        INDArray[] arrays = new INDArray[ins.length];
        for (int i = 0; i < ins.length; i++) {
            arrays[i] = activations.get(vertices[ins[i].getVertexIndex()].getVertexName());
        }
        return arrays;
    }

    /** The kind of every DL4J vertex, from the graph node it was built from. */
    static Map<String, Kind> kinds(NetworkGraph graph, ComputationGraph net) {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (GraphVertex v : net.getVertices()) {
            if (v.isInputVertex()) {
                continue;
            }
            String name = v.getVertexName();
            Node node = nodeOf(graph, name);
            kinds.put(name, node == null ? Kind.HEAD : kindOf(graph, node));
        }
        return kinds;
    }

    /** The node a vertex comes from: itself, or the grouped convolution whose slice or group it is. */
    private static Node nodeOf(NetworkGraph graph, String vertex) {
        for (String name = vertex; ; name = name.substring(0, name.lastIndexOf('.'))) {
            try {
                return graph.node(name);
            } catch (RuntimeException notANode) {
                if (name.lastIndexOf('.') < 0) {
                    return null;
                }
            }
        }
    }

    static Kind kindOf(NetworkGraph graph, Node node) {
        if ("head".equals(node.stage())) {
            return Kind.HEAD;
        }
        if (node.name().contains(".se.")) {
            return Kind.SE;
        }
        Op op = node.op();
        if (op instanceof Op.Conv2d c) {
            if (c.groups() > 1 && c.groups() == graph.inputShape(node).channels()) {
                return Kind.DEPTHWISE;
            }
            return c.kernel() == 1 && c.groups() == 1 ? Kind.CONV_1X1 : Kind.CONV_KXK;
        }
        if (op instanceof Op.BatchNorm) {
            return Kind.BATCH_NORM;
        }
        if (op instanceof Op.PRelu) {
            return Kind.PRELU;
        }
        if (op instanceof Op.Add) {
            return Kind.RESIDUAL_ADD;
        }
        return Kind.OTHER_LAYERS;
    }

    /** Native op times per step: named ops (calls over 0.1 ms) and, for the rest, their op class. */
    private static List<OpTime> ops(OpProfiler profiler, int steps) {
        Map<String, Double> named = new HashMap<>();
        Map<String, Long> namedNs = new HashMap<>();
        Map<String, Long> namedByClass = new HashMap<>();
        times(profiler.getLongAggergator()).forEach((key, ns) -> {
            // "CLASS NAME (HASH)"
            String[] f = key.split(" ");
            namedNs.merge(f.length >= 2 ? f[1] : key, ns, Long::sum);
            namedByClass.merge(f[0], ns, Long::sum);
        });
        Map<String, Long> classNs = times(profiler.getClassAggergator());
        namedNs.forEach((k, ns) -> named.put(k, ns / 1e6 / steps));
        // the short calls, by class: class totals less what the named long calls of that class took
        classNs.forEach((cls, ns) -> {
            long rest = ns - namedByClass.getOrDefault(cls, 0L);
            if (rest > 0) {
                named.merge("(short " + cls + " calls)", rest / 1e6 / steps, Double::sum);
            }
        });
        List<OpTime> ops = new ArrayList<>();
        named.forEach((k, ms) -> ops.add(new OpTime(k, ms)));
        ops.sort(Comparator.comparingDouble(OpTime::msPerStep).reversed());
        return ops;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> times(StringAggregator aggregator) {
        try {
            // ND4J prints these sums but has no getter for them
            java.lang.reflect.Field f = StringAggregator.class.getDeclaredField("times");
            f.setAccessible(true);
            Map<String, TimeSet> times = (Map<String, TimeSet>) f.get(aggregator);
            Map<String, Long> sums = new HashMap<>();
            times.forEach((k, v) -> sums.put(k, v.getSum()));
            return sums;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ND4J's op profiler changed in this version: " + e, e);
        }
    }
}

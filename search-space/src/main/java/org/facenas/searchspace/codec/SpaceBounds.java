package org.facenas.searchspace.codec;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.arch.BlockType;
import org.facenas.searchspace.arch.Head;
import org.facenas.searchspace.arch.Stage;
import org.facenas.searchspace.arch.Stem;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.cost.NodeCost;
import org.facenas.searchspace.cost.StageCost;
import org.facenas.searchspace.graph.Shape;

/**
 * The exact smallest and largest members of a space, by params and by MFLOPs.
 *
 * <p>Choosing each gene's cheapest choice alone is not exact: a RES block's projection shortcut makes stride 2 cost
 * more params than stride 1, and which block type is cheapest depends on the widths around it. But a network's cost
 * is a sum over stem, stages and head, and a stage's cost depends only on the shape it receives and its own genes.
 * So a dynamic programme over the shapes between stages finds the exact extremes while costing each stage once per
 * shape it can receive, in a small network that feeds it that shape. A stage's blocks after the first are alike
 * (stride 1, width in = out), so its cost is the first block's plus (repeats - 1) times the second's. The extremes
 * found are costed again as whole networks, and a mismatch is an error, not a silent wrong answer.
 */
public final class SpaceBounds {

    /** A member at an extreme and its cost. */
    public record Extreme(Architecture architecture, Cost cost) {
    }

    /** What each programme minimises or maximises. */
    private enum Goal {
        FEWEST_PARAMS, MOST_PARAMS, FEWEST_FLOPS, MOST_FLOPS;

        long of(long params, long macs) {
            return this == FEWEST_PARAMS || this == MOST_PARAMS ? params : macs;
        }

        boolean better(long candidate, long incumbent) {
            return this == FEWEST_PARAMS || this == FEWEST_FLOPS ? candidate < incumbent : candidate > incumbent;
        }
    }

    /** The best partial network reaching one shape: its total over the stages so far and the stages themselves. */
    private record Path(long value, List<Stage> stages) {
        Path then(long cost, Stage stage) {
            List<Stage> s = new ArrayList<>(stages);
            s.add(stage);
            return new Path(value + cost, s);
        }
    }

    private final SearchSpace space;
    private final int inputSize;
    private final Map<Goal, Extreme> extremes = new LinkedHashMap<>();

    private SpaceBounds(SearchSpace space, int inputSize) {
        this.space = space;
        this.inputSize = inputSize;
        SpaceMembers members = new SpaceMembers(space);
        Head probeHead = members.heads().get(0);
        Shape stemOut = CostModel.of(new Architecture(space.stem(), List.of(members.stages(0).get(0)), probeHead), inputSize)
                .stages().get(0).output();
        Map<Goal, Map<Shape, Path>> best = new EnumMap<>(Goal.class);
        for (Goal g : Goal.values()) {
            best.put(g, new HashMap<>(Map.of(stemOut, new Path(0, List.of()))));
        }
        for (int i = 0; i < space.stages().size(); i++) {
            List<Integer> repeats = space.stages().get(i).repeats();
            List<Stage> twoBlocks = members.stages(i).stream().map(s -> withRepeats(s, 2)).distinct().toList();
            Map<Goal, Map<Shape, Path>> next = new EnumMap<>(Goal.class);
            for (Goal g : Goal.values()) {
                next.put(g, new HashMap<>());
            }
            for (Shape in : best.get(Goal.FEWEST_PARAMS).keySet()) {
                for (Stage two : twoBlocks) {
                    Probe p = probe(in, two, probeHead);
                    for (int r : repeats) {
                        long params = p.first.params() + (r - 1) * p.rest.params();
                        long macs = p.first.macs() + (r - 1) * p.rest.macs();
                        Stage stage = withRepeats(two, r);
                        for (Goal g : Goal.values()) {
                            Path candidate = best.get(g).get(in).then(g.of(params, macs), stage);
                            next.get(g).merge(p.output, candidate, (a, b) -> g.better(b.value(), a.value()) ? b : a);
                        }
                    }
                }
            }
            best = next;
        }
        for (Goal g : Goal.values()) {
            Architecture winner = null;
            long winning = 0;
            for (Map.Entry<Shape, Path> in : best.get(g).entrySet()) {
                for (Head head : members.heads()) {
                    StageCost h = headCost(in.getKey(), head);
                    long total = in.getValue().value() + g.of(h.params(), h.macs());
                    if (winner == null || g.better(total, winning)) {
                        winner = new Architecture(space.stem(), in.getValue().stages(), head);
                        winning = total;
                    }
                }
            }
            Cost cost = CostModel.of(winner, inputSize);
            StageCost stem = cost.stages().get(0);
            if (g.of(cost.params(), cost.macs()) != winning + g.of(stem.params(), stem.macs())) {
                throw new IllegalStateException("space " + space.name() + ": the cost of " + winner
                        + " is not the sum of its stages' costs; SpaceBounds needs the cost model to be additive");
            }
            extremes.put(g, new Extreme(winner, cost));
        }
    }

    /** The extremes at the deployed input size ({@link CostModel#DEFAULT_INPUT_SIZE}), as the budget reads costs. */
    public static SpaceBounds of(SearchSpace space) {
        return new SpaceBounds(space, CostModel.DEFAULT_INPUT_SIZE);
    }

    public static SpaceBounds of(SearchSpace space, int inputSize) {
        return new SpaceBounds(space, inputSize);
    }

    public Extreme fewestParams() {
        return extremes.get(Goal.FEWEST_PARAMS);
    }

    public Extreme mostParams() {
        return extremes.get(Goal.MOST_PARAMS);
    }

    public Extreme fewestMflops() {
        return extremes.get(Goal.FEWEST_FLOPS);
    }

    public Extreme mostMflops() {
        return extremes.get(Goal.MOST_FLOPS);
    }

    private static Stage withRepeats(Stage s, int repeats) {
        return new Stage(s.type(), repeats, s.kernel(), s.stride(), s.expansion(), s.channels(), s.seRatio(), s.skip());
    }

    /** A stage's first block, each later block, and the stage's output shape. */
    private record Probe(NodeCost first, NodeCost rest, Shape output) {
    }

    /** Costs a two-block stage receiving {@code in}, in the smallest network that feeds it that shape. */
    private Probe probe(Shape in, Stage twoBlocks, Head head) {
        Cost cost = probeNetwork(in, twoBlocks, head);
        int index = cost.stages().size() - 2;
        String stage = "stage" + index;
        long[] first = new long[2];
        long[] rest = new long[2];
        for (NodeCost n : cost.nodes()) {
            if (n.stage().equals(stage)) {
                long[] sum = n.node().startsWith("s" + index + ".b0.") ? first : rest;
                sum[0] += n.params();
                sum[1] += n.macs();
            }
        }
        return new Probe(new NodeCost("first", stage, in, first[0], first[1]),
                new NodeCost("rest", stage, in, rest[0], rest[1]), cost.stages().get(index).output());
    }

    private StageCost headCost(Shape in, Head head) {
        List<StageCost> parts = probeNetwork(in, new Stage(BlockType.DS, 1, 3, 1, 1, in.channels(), 0, false), head).stages();
        return parts.get(parts.size() - 1);
    }

    /**
     * A stem of {@code in}'s width, then as many stride-2 DS blocks as bring an input of at least 8 pixels down to
     * {@code in}'s size, then {@code last}: its cost depends only on the shape it receives, not on how it came.
     */
    private Cost probeNetwork(Shape in, Stage last, Head head) {
        int halvings = 0;
        while ((2 * in.height()) << halvings < 8) {
            halvings++;
        }
        List<Stage> stages = new ArrayList<>();
        for (int k = 0; k < halvings; k++) {
            stages.add(new Stage(BlockType.DS, 1, 3, 2, 1, in.channels(), 0, false));
        }
        stages.add(last);
        return CostModel.of(new Architecture(Stem.depthwise(in.channels()), stages, head), (2 * in.height()) << halvings);
    }
}

package org.facenas.search.predictor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.facenas.records.CandidateResult;
import org.facenas.results.Metric;
import org.facenas.results.MnasReward;
import org.facenas.results.Objective;
import org.facenas.results.ParetoFront;
import org.facenas.results.SearchConfig;
import org.facenas.results.stats.KendallTau;
import org.facenas.search.strategy.ChildScreen;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;

/**
 * A search's learned predictor ({@code predictor} in the config): for each batch of proposed children it refits
 * {@link ArchitecturePredictor} on the run's first-rung results so far and keeps the children it expects best, ranked
 * the way the strategy ranks trained ones: aging and mnas by the MNasNet reward of the predicted quality score and
 * the cost model's cost; nsga2 and random by Pareto rank over the predicted quality score and the cost objectives,
 * then by the predicted score. Until it can be fitted (too few results) it says so once and the strategy's own
 * order stands. It remembers what it predicted for the children it kept, so that each batch's rank correlation with
 * what they measured can be recorded ({@link #batchTau}).
 */
public final class PredictorScreen implements ChildScreen {

    /** A batch's predicted against measured quality score of the children kept: Kendall tau-b (NaN below two). */
    public record BatchTau(int children, double tau, int fittedOn) {
    }

    private record Proposal(int index, double predicted, Cost cost) {
    }

    private final SearchConfig.Predictor settings;
    private final ArchitectureCodec codec;
    private final ArchitectureFeatures features;
    private final SearchConfig config;
    private final LongFunction<List<CandidateResult>> trained;
    private final Consumer<String> log;
    private final Map<String, Double> pending = new LinkedHashMap<>();
    private boolean saidUnfitted;
    private int fittedOn;

    /**
     * @param trained the first-rung results to learn from for a generation's batch (a synchronous search: those of
     *                earlier generations only, so that a repeated generation learns from the same)
     * @param log     takes the one "cannot be fitted" line (the search's console)
     */
    public PredictorScreen(SearchConfig config, ArchitectureCodec codec, LongFunction<List<CandidateResult>> trained, Consumer<String> log) {
        this.settings = config.predictor();
        this.config = config;
        this.codec = codec;
        this.features = new ArchitectureFeatures(codec, List.of());
        this.trained = trained;
        this.log = log;
    }

    @Override
    public int proposals() {
        return settings.proposals();
    }

    @Override
    public int keep() {
        return settings.keep();
    }

    @Override
    public List<int[]> choose(List<int[]> proposals, long generation) {
        Metric quality = config.qualityMetric();
        // in block-string order: the records' order is the order results finished, and the forest's bootstrap
        // samples by position, so the same results must fit the same forest however they arrived
        Map<String, CandidateResult> byBlock = new java.util.TreeMap<>();
        for (CandidateResult r : trained.apply(generation)) {
            byBlock.putIfAbsent(r.blockString(), r);
        }
        Set<String> known = byBlock.keySet();
        List<ArchitecturePredictor.Example> examples = new ArrayList<>();
        for (CandidateResult r : byBlock.values()) {
            if (quality.scored(r)) {
                features.of(org.facenas.searchspace.arch.Architecture.parse(r.blockString()), Map.of())
                        .ifPresent(x -> examples.add(new ArchitecturePredictor.Example(x, quality.value(r))));
            }
        }
        ArchitecturePredictor.Fit fit = ArchitecturePredictor.fit(settings.model(), features, examples, config.seed() * 31 + generation);
        if (fit.predictor().isEmpty()) {
            if (!saidUnfitted) {
                saidUnfitted = true;
                log.accept(fit.whyNot() + ": the strategy's own order picks the children to train until it can be fitted");
            }
            return pick(proposals, java.util.stream.IntStream.range(0, proposals.size()).boxed().toList());
        }
        fittedOn = examples.size();
        ArchitecturePredictor predictor = fit.predictor().get();
        List<Proposal> ranked = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            var a = codec.decode(proposals.get(i));
            double p = features.of(a, Map.of()).map(predictor::predict).orElse(Double.NEGATIVE_INFINITY);
            ranked.add(new Proposal(i, p, CostModel.of(a)));
        }
        List<int[]> kept = pick(proposals, order(ranked).stream().map(Proposal::index).toList());
        Map<int[], Double> predicted = new IdentityHashMap<>();
        ranked.forEach(p -> predicted.put(proposals.get(p.index()), p.predicted()));
        for (int[] k : kept) {
            String bs = codec.decode(k).blockString();
            if (!known.contains(bs)) {
                pending.put(bs, predicted.get(k));
            }
        }
        return kept;
    }

    /** Best first, by the strategy's own way of ranking, with the predicted score in place of the measured one. */
    List<Proposal> order(List<Proposal> proposals) {
        Metric quality = config.qualityMetric();
        Comparator<Proposal> byScore = Comparator.comparingDouble((Proposal p) -> -p.predicted()).thenComparingInt(Proposal::index);
        List<Proposal> out = new ArrayList<>(proposals);
        if (config.strategy() == SearchConfig.Strategy.AGING || config.strategy() == SearchConfig.Strategy.MNAS) {
            MnasReward reward = config.mnas();
            out.sort(Comparator.comparingDouble((Proposal p) -> -reward.of(p.predicted(), cost(reward.metric(), p.cost())))
                    .thenComparing(byScore));
            return out;
        }
        List<Objective<Proposal>> axes = new ArrayList<>();
        for (Metric m : config.objectives()) {
            axes.add(m == quality ? Objective.maximise(m.key(), Proposal::predicted) : Objective.minimise(m.key(), p -> cost(m, p.cost())));
        }
        Map<Proposal, Integer> rank = new HashMap<>();
        List<List<Proposal>> ranks = ParetoFront.ranks(out, axes);
        for (int r = 0; r < ranks.size(); r++) {
            for (Proposal p : ranks.get(r)) {
                rank.put(p, r);
            }
        }
        out.sort(Comparator.comparingInt((Proposal p) -> rank.get(p)).thenComparing(byScore));
        return out;
    }

    private static double cost(Metric m, Cost c) {
        return switch (m) {
            case MFLOPS -> c.mflops();
            case PARAMS -> c.params();
            // the config refuses a predictor with latency as an objective or the reward's cost
            default -> throw new IllegalStateException(m + " is not known before training");
        };
    }

    /** The first keep() in {@code order} with distinct block strings (then repeats, if there are too few), in proposal order. */
    private List<int[]> pick(List<int[]> proposals, List<Integer> order) {
        Set<String> seen = new HashSet<>();
        List<Integer> chosen = new ArrayList<>();
        for (int i : order) {
            if (chosen.size() < keep() && seen.add(codec.decode(proposals.get(i)).blockString())) {
                chosen.add(i);
            }
        }
        for (int i : order) {
            if (chosen.size() < keep() && !chosen.contains(i)) {
                chosen.add(i);
            }
        }
        return chosen.stream().sorted().map(proposals::get).toList();
    }

    /**
     * The rank correlation of predicted against measured quality score over the kept children that have a result in
     * {@code firstRung} since the last call (each child counts in one batch); null when no predicted child has one.
     */
    public BatchTau batchTau(Map<String, CandidateResult> firstRung) {
        Metric quality = config.qualityMetric();
        List<double[]> pairs = new ArrayList<>();
        int children = 0;
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            CandidateResult r = firstRung.get(e.getKey());
            if (r != null) {
                it.remove();
                children++;
                if (quality.scored(r)) {
                    pairs.add(new double[] {e.getValue(), quality.value(r)});
                }
            }
        }
        if (children == 0) {
            return null;
        }
        double[] predicted = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] measured = pairs.stream().mapToDouble(p -> p[1]).toArray();
        return new BatchTau(children, KendallTau.tauB(predicted, measured), fittedOn);
    }
}

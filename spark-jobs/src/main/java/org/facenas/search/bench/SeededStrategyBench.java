package org.facenas.search.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.facenas.records.CandidateResult;
import org.facenas.results.CandidateRecord;
import org.facenas.results.Metric;
import org.facenas.results.RunFront;
import org.facenas.results.RunLog;
import org.facenas.results.SearchConfig;
import org.facenas.results.stats.Bootstrap;
import org.facenas.results.stats.Estimate;
import org.facenas.results.stats.PairedDifference;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;

/**
 * Strategies against random search at one budget of first-rung trainings, over seeds (Li and Talwalkar 2019; Yang et
 * al. 2020): each (strategy, seed) is its own run; each is read up to its first {@code budget} first-rung trainings
 * (in the order recorded) and the top-rung results of those candidates alone, so a run that overshot its last
 * generation gains nothing from it.
 */
public final class SeededStrategyBench {

    /** One run's measures at the budget. */
    public record Measure(String strategy, long seed, int firstRung, double hypervolume, Map<String, Double> bestAtOrBelow,
                          List<Double> firstRungScores, Path run) {
    }

    /**
     * A strategy as the bench runs it: plain, or guided by the config's learned predictor ({@code aging+predictor}:
     * the strategy proposes {@code predictor.proposals} children a batch and trains the {@code keep} it predicts best).
     */
    public record Arm(SearchConfig.Strategy strategy, boolean predictor) {

        static final String PREDICTOR = "+predictor";

        /** {@code aging}, {@code aging+predictor}, ... */
        public static Arm parse(String name) {
            String n = name == null ? "" : name.trim();
            boolean guided = n.toLowerCase(Locale.ROOT).endsWith(PREDICTOR);
            return new Arm(SearchConfig.Strategy.parse(guided ? n.substring(0, n.length() - PREDICTOR.length()) : n), guided);
        }

        /** The arm a run's config is. */
        public static Arm of(SearchConfig c) {
            return new Arm(c.strategy(), c.predictor() != null);
        }

        public String key() {
            return strategy.key() + (predictor ? PREDICTOR : "");
        }

        /** The base config with this strategy, keeping the config's predictor for a guided arm and dropping it otherwise. */
        public SearchConfig apply(SearchConfig base) {
            if (predictor && base.predictor() == null) {
                throw new IllegalArgumentException("--strategies " + key() + " needs predictor: {model: forest, proposals: M, keep: N} "
                        + "in the config; add it (plain strategies run without it)");
            }
            SearchConfig c = base.withStrategy(strategy);
            return c.withPredictor(predictor ? base.predictor() : null, c.name() + (predictor ? "-predictor" : ""));
        }
    }

    private SeededStrategyBench() {
    }

    /** The run's name for an arm and seed. */
    public static String runName(SearchConfig base, Arm arm, long seed) {
        return base.name() + "-" + arm.strategy().key() + (arm.predictor() ? "-predictor" : "") + "-s" + seed;
    }

    /**
     * Generations that train at least {@code budget} first-rung candidates: random search draws a batch each
     * generation; the others a population first, then {@link SearchConfig#childrenPerGeneration()} per generation.
     */
    public static int generationsFor(SearchConfig c, int budget) {
        int p = c.populationSize();
        int children = c.childrenPerGeneration();
        if (c.strategy() == SearchConfig.Strategy.RANDOM) {
            return Math.max(1, (budget + children - 1) / children);
        }
        return 1 + Math.max(0, (budget - p + children - 1) / children);
    }

    /** The MFLOPs of each reference architecture (the best score is read at or below each). */
    public static Map<String, Double> referenceMflops(SearchConfig c) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String r : c.references()) {
            m.put(r, CostModel.of(Zoo.resolve(r)).mflops());
        }
        return m;
    }

    /** Reads a finished (or interrupted) run up to the budget. */
    public static Measure measure(SearchConfig c, long seed, Path dir, int budget) {
        List<CandidateRecord> lines = RunLog.readCandidates(dir);
        Set<String> firstRung = new LinkedHashSet<>();
        List<Double> firstScores = new ArrayList<>();
        Metric quality = c.qualityMetric();
        for (CandidateRecord r : lines) {
            if (r.rung() == 0 && firstRung.size() < budget && firstRung.add(r.blockString())
                    && r.result().ok() && quality.scored(r.result())) {
                firstScores.add(quality.value(r.result()));
            }
        }
        int top = c.rungCount() - 1;
        Map<String, CandidateResult> topResults = new LinkedHashMap<>();
        for (CandidateRecord r : lines) {
            // a candidate's last line at a rung is its record
            if (r.rung() == top && firstRung.contains(r.blockString()) && r.result().ok()) {
                topResults.put(r.blockString(), r.result());
            }
        }
        List<CandidateResult> ranked = List.copyOf(topResults.values());
        double hv = RunFront.qualityMflopsHypervolume(quality, ranked, c.hypervolumeReference());
        Map<String, Double> best = new LinkedHashMap<>();
        referenceMflops(c).forEach((name, mflops) -> best.put(name, ranked.stream()
                .filter(r -> quality.scored(r) && r.mflops() <= mflops).mapToDouble(quality::value).max().orElse(Double.NaN)));
        return new Measure(Arm.of(c).key(), seed, firstRung.size(), hv, best, firstScores, dir);
    }

    /**
     * The table: per strategy the mean [90%] over seeds, and the paired difference from random search by seed; then each
     * variant ({@code aging+predictor}) against the plain strategy it modifies, paired the same way.
     */
    public static String table(SearchConfig base, List<Measure> measures, int budget) {
        Bootstrap bootstrap = Bootstrap.DEFAULT;
        List<String> strategies = measures.stream().map(Measure::strategy).distinct().toList();
        Map<String, Double> refs = referenceMflops(base);
        StringBuilder out = new StringBuilder();
        String name = "%-" + Math.max(8, strategies.stream().mapToInt(String::length).max().orElse(8)) + "s";
        out.append(String.format(Locale.ROOT, name + " %5s %10s  %-28s %-28s", "strategy", "seeds", "first-rung", "top-rung hypervolume",
                "vs random (paired by seed)"));
        for (String ref : refs.keySet()) {
            String head = "best " + base.qualityMetric().key() + " <= " + ref;
            out.append(String.format(Locale.ROOT, "  %-28s %-28s", head.length() > 28 ? head.substring(0, 28) : head, "vs random"));
        }
        out.append('\n');
        String key = SearchConfig.Strategy.RANDOM.key();
        for (String s : strategies) {
            List<Measure> mine = measures.stream().filter(m -> m.strategy().equals(s)).toList();
            out.append(String.format(Locale.ROOT, name + " %5d %10s  %-28s %-28s", s, mine.size(),
                    mine.stream().map(m -> Integer.toString(m.firstRung())).distinct().reduce((a, b) -> a + "/" + b).orElse("-"),
                    mean(bootstrap, mine, m -> m.hypervolume()), s.equals(key) ? "-" : paired(bootstrap, measures, s, key, m -> m.hypervolume())));
            for (String ref : refs.keySet()) {
                out.append(String.format(Locale.ROOT, "  %-28s %-28s", mean(bootstrap, mine, m -> m.bestAtOrBelow().get(ref)),
                        s.equals(key) ? "-" : paired(bootstrap, measures, s, key, m -> m.bestAtOrBelow().get(ref))));
            }
            out.append('\n');
        }
        // a variant against the strategy it modifies (aging+predictor against aging), paired by seed like random
        for (String s : strategies) {
            for (String plain : strategies) {
                if (!plain.equals(key) && s.startsWith(plain + "+")) {
                    out.append(String.format(Locale.ROOT, "%s against %s (paired by seed): top-rung hypervolume %s", s, plain,
                            paired(bootstrap, measures, s, plain, m -> m.hypervolume())));
                    for (String ref : refs.keySet()) {
                        out.append(String.format(Locale.ROOT, "; best %s <= %s %s", base.qualityMetric().key(), ref,
                                paired(bootstrap, measures, s, plain, m -> m.bestAtOrBelow().get(ref))));
                    }
                    out.append('\n');
                }
            }
        }
        double[] random = measures.stream().filter(m -> m.strategy().equals(key)).flatMap(m -> m.firstRungScores().stream())
                .mapToDouble(Double::doubleValue).toArray();
        out.append(String.format(Locale.ROOT, "average random architecture (first rung, %s): %s %s over %d candidates%n",
                base.proxySettings().name(), base.qualityMetric().key(), random.length == 0 ? "n/a" : bootstrap.mean(random).format(4),
                random.length));
        out.append(String.format(Locale.ROOT, "budget %d first-rung trainings per run; means with %.0f%% bootstrap intervals over seeds; "
                        + "hypervolume of %s x MFLOPs above %s on the top rung%s%n", budget, 100 * bootstrap.level(),
                base.qualityMetric().key(), base.hypervolumeReference(),
                refs.isEmpty() ? "" : "; MFLOPs of " + refs.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f",
                        e.getKey(), e.getValue())).reduce((a, b) -> a + ", " + b).orElse("")));
        return out.toString();
    }

    private static String mean(Bootstrap bootstrap, List<Measure> runs, java.util.function.Function<Measure, Double> value) {
        double[] v = runs.stream().map(value).filter(d -> d != null && Double.isFinite(d)).mapToDouble(Double::doubleValue).toArray();
        if (v.length == 0) {
            return "n/a";
        }
        return bootstrap.mean(v).format(4) + (v.length < runs.size() ? " (" + v.length + " seeds)" : "");
    }

    /** Strategy minus {@code baseline} over the seeds both have a value for. */
    private static String paired(Bootstrap bootstrap, List<Measure> all, String strategy, String baseline,
                                 java.util.function.Function<Measure, Double> value) {
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (Measure m : all) {
            if (!m.strategy().equals(strategy)) {
                continue;
            }
            all.stream().filter(r -> r.strategy().equals(baseline) && r.seed() == m.seed()).findFirst().ifPresent(r -> {
                Double x = value.apply(m);
                Double y = value.apply(r);
                if (x != null && y != null && Double.isFinite(x) && Double.isFinite(y)) {
                    a.add(x);
                    b.add(y);
                }
            });
        }
        if (a.isEmpty()) {
            return "n/a";
        }
        Estimate d = PairedDifference.mean(a.stream().mapToDouble(Double::doubleValue).toArray(),
                b.stream().mapToDouble(Double::doubleValue).toArray(), bootstrap);
        return String.format(Locale.ROOT, "%+.4f", d.value()) + (d.hasInterval()
                ? String.format(Locale.ROOT, " [%+.4f, %+.4f]", d.lo(), d.hi()) : " (1 seed)");
    }
}

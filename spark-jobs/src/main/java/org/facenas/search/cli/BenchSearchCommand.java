package org.facenas.search.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.cli.StdoutReservation;
import org.facenas.results.Fidelity;
import org.facenas.results.SearchConfig;
import org.facenas.search.EvaluationSpec;
import org.facenas.search.RunDirectory;
import org.facenas.search.SearchRun;
import org.facenas.search.StartChecks;
import org.facenas.search.TeacherSetup;
import org.facenas.search.bench.SeededStrategyBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facenas bench search}: the same search config run with several strategies; each strategy's evaluation
 * count and the hypervolume (quality score x MFLOPs, the config's reference point) it reaches, side by side.
 * Evaluations are not shared between the runs.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Compare strategies (e.g. NSGA-II vs random search) on one config: evaluations and final hypervolume.")
public final class BenchSearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "YAML search config")
    Path config;

    @Option(names = "--strategies", split = ",", defaultValue = "nsga2,random", description = "strategies to compare; STRATEGY+predictor "
            + "(e.g. aging+predictor) runs it guided by the config's predictor, the others without it (default ${DEFAULT-VALUE})")
    List<String> strategies;

    @Option(names = "--fidelity", description = "compare the config's successive halving with single-fidelity search on its top "
            + "rung, at the wall-clock time the halving run took (hypervolume on the top rung's proxy)")
    boolean fidelity;

    @Option(names = "--seeds", split = ",", description = "repeat every strategy under each seed (e.g. 1,2,3), random search "
            + "always included, each at --budget first-rung trainings; per strategy the mean and 90%% interval over seeds and "
            + "the difference from random search paired by seed")
    List<Long> seeds;

    @Option(names = "--budget", paramLabel = "N", description = "with --seeds: first-rung trainings per run")
    Integer budget;

    @Option(names = "--out", defaultValue = "runs/bench-search", description = "parent of the run directories (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file: give the folder to hold the run directories");
        }
        SearchConfig base = SearchConfig.load(config).withAbsolutePaths();
        SearchRun.validate(base);
        StartChecks.inputs(base);
        if ((seeds == null) != (budget == null)) {
            throw new IllegalArgumentException("--seeds and --budget go together: e.g. --seeds 1,2,3 --budget 60");
        }
        if (seeds != null) {
            if (fidelity) {
                throw new IllegalArgumentException("--seeds compares strategies on the config's own rungs; drop --fidelity");
            }
            if (budget < 1 || seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
                throw new IllegalArgumentException("--budget must be at least 1 and --seeds distinct, e.g. --seeds 1,2,3 --budget 60");
            }
            return compareOverSeeds(base);
        }
        if (fidelity) {
            return compareFidelity(base);
        }
        List<String[]> rows = new ArrayList<>();
        List<Path> runs = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        try (StdoutReservation reserved = StdoutReservation.begin();
             JavaSparkContext sc = new JavaSparkContext(SearchCommand.sparkConf("facenas bench search", base.taskCpus()))) {
            sc.setLogLevel("WARN");
            int budget = Integer.MAX_VALUE;
            for (SeededStrategyBench.Arm arm : strategies.stream().map(SeededStrategyBench.Arm::parse).toList()) {
                SearchConfig c = arm.apply(base);
                if (budget != Integer.MAX_VALUE && arm.strategy() == SearchConfig.Strategy.RANDOM) {
                    // random search gets (at least) the evaluations the first strategy used
                    c = c.withGenerations((int) Math.ceil(budget / (double) c.populationSize()));
                }
                SearchRun.validate(c);
                Path dir = out.resolve(c.name());
                RunDirectory run = Files.exists(dir.resolve(RunDirectory.CONFIG)) ? RunDirectory.open(dir)
                        : RunDirectory.create(dir, c, c.toYaml());
                try (run) {
                    long start = System.nanoTime();
                    new SearchRun(run).run(sc, EvaluationSpec.of(c, TeacherSetup.prepare(run, System.err)), System.err);
                    budget = Math.min(budget, run.results().size());
                    runs.add(dir);
                    seconds.add((System.nanoTime() - start) / 1e9);
                }
            }
            // compare at one evaluation budget: each run's first `budget` candidates, in the order they were recorded
            for (int i = 0; i < runs.size(); i++) {
                org.facenas.results.RunRecord record = org.facenas.results.RunRecord.open(runs.get(i));
                List<org.facenas.records.CandidateResult> first = record.candidates().stream().limit(budget)
                        .map(org.facenas.results.CandidateRecord::result).filter(org.facenas.records.CandidateResult::ok).toList();
                double hv = org.facenas.results.RunFront.qualityMflopsHypervolume(base.qualityMetric(), first, base.hypervolumeReference());
                double best = first.stream().mapToDouble(base.qualityMetric()::value).max().orElse(Double.NaN);
                rows.add(new String[] {strategies.get(i), Integer.toString(Math.min(budget, record.candidates().size())),
                        String.format(Locale.ROOT, "%.2f", hv), String.format(Locale.ROOT, "%.4f", best),
                        String.format(Locale.ROOT, "%.0f", seconds.get(i)), runs.get(i).toString()});
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%-8s %12s %12s %10s %8s  %s%n", "strategy", "evaluations", "hypervolume", bestLabel(base), "seconds", "run");
        for (String[] r : rows) {
            w.printf(Locale.ROOT, "%-8s %12s %12s %10s %8s  %s%n", (Object[]) r);
        }
        w.printf(Locale.ROOT, "hypervolume of %s x MFLOPs above reference %s%n", base.qualityMetric(), base.hypervolumeReference());
        w.flush();
        return 0;
    }

    /**
     * Every strategy (random search always among them) under every seed at one budget of first-rung trainings. Each
     * (strategy, seed) is its own run directory under {@code --out}: an existing one resumes, so an interrupted bench
     * continues where it stopped and a finished one is only read.
     */
    private int compareOverSeeds(SearchConfig base) {
        List<SeededStrategyBench.Arm> all = new ArrayList<>(strategies.stream().map(SeededStrategyBench.Arm::parse).distinct().toList());
        SeededStrategyBench.Arm random = new SeededStrategyBench.Arm(SearchConfig.Strategy.RANDOM, false);
        if (!all.contains(random)) {
            all.add(0, random);
        }
        List<SearchConfig> configs = new ArrayList<>();
        for (long seed : seeds) {
            for (SeededStrategyBench.Arm arm : all) {
                SearchConfig c = arm.apply(base);
                c = c.withSeed(seed, SeededStrategyBench.runName(base, arm, seed));
                c = c.withGenerations(org.facenas.search.bench.SeededStrategyBench.generationsFor(c, budget));
                SearchRun.validate(c);
                configs.add(c);
            }
        }
        List<org.facenas.search.bench.SeededStrategyBench.Measure> measures = new ArrayList<>();
        try (StdoutReservation reserved = StdoutReservation.begin();
             JavaSparkContext sc = new JavaSparkContext(SearchCommand.sparkConf("facenas bench search", base.taskCpus()))) {
            sc.setLogLevel("WARN");
            for (SearchConfig c : configs) {
                Path dir = out.resolve(c.name());
                RunDirectory run = Files.exists(dir.resolve(RunDirectory.CONFIG)) ? RunDirectory.open(dir)
                        : RunDirectory.create(dir, c, c.toYaml());
                try (run) {
                    if (complete(run, c)) {
                        // re-reading a finished bench embeds no teacher: that alone took minutes a run
                        spec.commandLine().getErr().printf("bench search: %s, seed %d: complete, nothing to train%n", c.strategy(), c.seed());
                        spec.commandLine().getErr().flush();
                    } else {
                        System.err.printf("bench search: %s, seed %d (%d generations)%n", c.strategy(), c.seed(), c.generations());
                        new SearchRun(run).run(sc, EvaluationSpec.of(c, TeacherSetup.prepare(run, System.err)), System.err);
                    }
                }
                measures.add(org.facenas.search.bench.SeededStrategyBench.measure(c, c.seed(), dir, budget));
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        w.print(org.facenas.search.bench.SeededStrategyBench.table(base, measures, budget));
        w.flush();
        return 0;
    }

    /**
     * A one-rung run whose state has reached its last generation: nothing is left to train. A run with several rungs
     * may still owe promotions, so it always resumes.
     */
    private static boolean complete(RunDirectory run, SearchConfig c) {
        boolean oneRung = c.fidelity() == null || c.fidelity().rungs().size() == 1;
        return oneRung && run.state().map(s -> s.generation() >= c.generations()).orElse(false);
    }

    /** The best-score column's header: the config's quality score (a run ranked on ROC AUC reports its best AUC). */
    private static String bestLabel(SearchConfig c) {
        return c.qualityMetric() == org.facenas.results.Metric.ROCAUC ? "best auc" : "best acc";
    }

    /**
     * Successive halving against single fidelity at one wall-clock budget: the halving run first (its wall time is
     * the budget), then the same search with every candidate on the top rung's proxy, starting no generation after
     * that time. Both fronts are scored by the top rung's proxy, so their hypervolumes compare.
     */
    private int compareFidelity(SearchConfig base) {
        if (base.rungCount() < 2) {
            throw new IllegalArgumentException("--fidelity needs a config with fidelity.rungs (at least two), e.g. configs/halving.yaml");
        }
        String top = base.fidelity().rungs().get(base.rungCount() - 1);
        SearchConfig single = base.withFidelity(new Fidelity(List.of(top), base.fidelity().eta()), base.name() + "-single");
        SearchRun.validate(single);
        List<String[]> rows = new ArrayList<>();
        try (StdoutReservation reserved = StdoutReservation.begin();
             JavaSparkContext sc = new JavaSparkContext(SearchCommand.sparkConf("facenas bench search", base.taskCpus()))) {
            sc.setLogLevel("WARN");
            double budget = Double.POSITIVE_INFINITY;
            for (SearchConfig c : List.of(base, single)) {
                Path dir = out.resolve(c.name());
                RunDirectory run = Files.exists(dir.resolve(RunDirectory.CONFIG)) ? RunDirectory.open(dir)
                        : RunDirectory.create(dir, c, c.toYaml());
                double seconds;
                try (run) {
                    long start = System.nanoTime();
                    new SearchRun(run).run(sc, EvaluationSpec.of(c, TeacherSetup.prepare(run, System.err)), System.err, budget);
                    seconds = (System.nanoTime() - start) / 1e9;
                }
                if (Double.isInfinite(budget)) {
                    budget = seconds;
                }
                org.facenas.results.RunRecord record = org.facenas.results.RunRecord.open(dir);
                int topRung = c.rungCount() - 1;
                List<org.facenas.records.CandidateResult> ranked = record.candidates().stream().filter(r -> r.rung() == topRung)
                        .map(org.facenas.results.CandidateRecord::result).filter(org.facenas.records.CandidateResult::ok).toList();
                List<org.facenas.results.CandidateRecord> lines = org.facenas.results.RunLog.readCandidates(dir);
                StringBuilder perRung = new StringBuilder();
                for (int r = 0; r <= topRung; r++) {
                    int rr = r;
                    perRung.append(r == 0 ? "" : "/").append(lines.stream().filter(l -> l.rung() == rr).count());
                }
                double hv = org.facenas.results.RunFront.qualityMflopsHypervolume(base.qualityMetric(), ranked, base.hypervolumeReference());
                double best = ranked.stream().mapToDouble(base.qualityMetric()::value).max().orElse(Double.NaN);
                rows.add(new String[] {c.rungCount() > 1 ? "halving" : "single", String.join(" > ", c.fidelity().rungs().stream()
                        .map(p -> org.facenas.records.proxy.ProxyOverrides.parse(p).name()).toList()), perRung.toString(),
                        String.format(Locale.ROOT, "%.2f", hv), String.format(Locale.ROOT, "%.4f", best),
                        String.format(Locale.ROOT, "%.0f", seconds), dir.toString()});
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%-8s %-16s %16s %12s %10s %8s  %s%n", "search", "rungs", "trained per rung", "hypervolume", bestLabel(base),
                "seconds", "run");
        for (String[] r : rows) {
            w.printf(Locale.ROOT, "%-8s %-16s %16s %12s %10s %8s  %s%n", (Object[]) r);
        }
        w.printf(Locale.ROOT, "hypervolume of %s x MFLOPs above reference %s, on the top rung's proxy (%s) in both runs%n",
                base.qualityMetric(), base.hypervolumeReference(), top);
        w.flush();
        return 0;
    }
}

package org.facenas.search.cli;

import org.facenas.search.EvaluationSpec;
import org.facenas.search.RunDirectory;
import org.facenas.results.SearchConfig;
import org.facenas.search.SearchRun;
import org.facenas.search.StartChecks;
import org.facenas.search.TeacherSetup;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.searchspace.cli.StdoutReservation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facenas bench search}: the same search config run with several strategies; each strategy's evaluation
 * count and the hypervolume (accuracy x MFLOPs, the config's reference point) it reaches, side by side.
 * Evaluations are not shared between the runs.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Compare strategies (e.g. NSGA-II vs random search) on one config: evaluations and final hypervolume.")
public final class BenchSearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "YAML search config")
    Path config;

    @Option(names = "--strategies", split = ",", defaultValue = "nsga2,random", description = "(default ${DEFAULT-VALUE})")
    List<String> strategies;

    @Option(names = "--out", defaultValue = "runs/bench-search", description = "parent of the run directories (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        SearchConfig base = SearchConfig.load(config).withAbsolutePaths();
        SearchRun.validate(base);
        StartChecks.inputs(base);
        List<String[]> rows = new ArrayList<>();
        List<Path> runs = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        try (StdoutReservation reserved = StdoutReservation.begin();
             JavaSparkContext sc = new JavaSparkContext(SearchCommand.sparkConf("facenas bench search", base.taskCpus()))) {
            sc.setLogLevel("WARN");
            int budget = Integer.MAX_VALUE;
            for (SearchConfig.Strategy s : strategies.stream().map(SearchConfig.Strategy::parse).toList()) {
                SearchConfig c = base.withStrategy(s);
                if (budget != Integer.MAX_VALUE && s == SearchConfig.Strategy.RANDOM) {
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
                List<org.facenas.evaluator.CandidateResult> first = record.candidates().stream().limit(budget)
                        .map(org.facenas.results.CandidateRecord::result).filter(org.facenas.evaluator.CandidateResult::ok).toList();
                double hv = org.facenas.results.RunFront.accuracyMflopsHypervolume(first, base.hypervolumeReference());
                double best = first.stream().mapToDouble(r -> r.accuracy()).max().orElse(Double.NaN);
                rows.add(new String[] {strategies.get(i), Integer.toString(Math.min(budget, record.candidates().size())),
                        String.format(Locale.ROOT, "%.2f", hv), String.format(Locale.ROOT, "%.4f", best),
                        String.format(Locale.ROOT, "%.0f", seconds.get(i)), runs.get(i).toString()});
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%-8s %12s %12s %10s %8s  %s%n", "strategy", "evaluations", "hypervolume", "best acc", "seconds", "run");
        for (String[] r : rows) {
            w.printf(Locale.ROOT, "%-8s %12s %12s %10s %8s  %s%n", (Object[]) r);
        }
        w.printf(Locale.ROOT, "hypervolume of accuracy x MFLOPs above reference %s%n", base.hypervolumeReference());
        w.flush();
        return 0;
    }
}

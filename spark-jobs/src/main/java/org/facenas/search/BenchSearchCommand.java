package org.facenas.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facenas bench search}: the same search config run with several strategies; each strategy's evaluation
 * count and the hypervolume (accuracy x MFLOPs, the config's reference point) it reaches, side by side.
 * Evaluations are not shared between the runs.
 */
@Command(name = "bench-search", mixinStandardHelpOptions = true,
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
        List<String[]> rows = new ArrayList<>();
        java.io.PrintStream stdout = System.out;
        System.setOut(System.err);
        SparkConf conf = new SparkConf().setAppName("facenas bench-search");
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            for (String s : strategies) {
                SearchConfig c = base.withStrategy(s);
                SearchRun.validate(c);
                Path dir = out.resolve(c.name());
                RunDirectory run = Files.exists(dir.resolve(RunDirectory.CONFIG)) ? RunDirectory.open(dir)
                        : RunDirectory.create(dir, c, c.toYaml());
                try (run) {
                    long start = System.nanoTime();
                    new SearchRun(run).run(sc, EvaluationSpec.of(c, TeacherSetup.prepare(run, System.err)), System.err);
                    List<JsonNode> gens = run.generationRecords();
                    JsonNode last = gens.get(gens.size() - 1);
                    rows.add(new String[] {s, Integer.toString(run.results().size()), String.format(Locale.ROOT, "%.2f", last.get("hypervolume").asDouble()),
                            String.format(Locale.ROOT, "%.4f", last.get("bestAccuracy").asDouble()),
                            String.format(Locale.ROOT, "%.0f", (System.nanoTime() - start) / 1e9), dir.toString()});
                }
            }
        } finally {
            System.setOut(stdout);
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

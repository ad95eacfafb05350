package org.facenas.search.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.cli.StdoutReservation;
import org.facenas.records.PlusMinus;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxyOverrides;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.results.Metric;
import org.facenas.results.RunRecord;
import org.facenas.results.SearchConfig;
import org.facenas.results.confirm.ConfirmSelection;
import org.facenas.results.confirm.Confirmation;
import org.facenas.results.stats.Bootstrap;
import org.facenas.search.bench.BenchEnvironment;
import org.facenas.search.bench.BenchJob;
import org.facenas.search.bench.BenchRunDirectory;
import org.facenas.search.bench.BenchTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facenas confirm RUN_DIR}: a search's best front members and its references retrained alike over seeds (one
 * Spark task per architecture x seed, with the run's data, teacher and KD), recorded in {@code RUN_DIR/confirm/} and
 * never in the search's own records, so that a find is shown to beat the references by more than seed noise. A rerun
 * trains only what is missing.
 */
@Command(name = "confirm", mixinStandardHelpOptions = true,
        description = "Retrain a run's best distinct front members and its references over seeds; print mean +- seed std of the "
                + "run's quality score and the paired difference against each reference with a bootstrap 90%% interval.")
public final class ConfirmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunFrontOptions front;

    @Option(names = "--proxy", paramLabel = "PROXY", description = "fidelity: a preset or NAME=PRESET:key=value:... (default: the run's top rung)")
    String proxy;

    @Option(names = "--seeds", split = ",", paramLabel = "SEED", defaultValue = "1,2,3", description = "training seeds (default ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Override
    public Integer call() throws Exception {
        RunRecord record = front.open(seeds);
        SearchConfig c = record.config();
        ProxySettings fidelity = fidelity(c, proxy);
        List<ConfirmSelection.Entry> archs = front.select(record);
        KdSettings kd = RunFrontOptions.kd(c);
        String kdSpec = RunFrontOptions.kdSpec(kd);
        List<BenchTask> tasks = RunFrontOptions.tasks(seeds, archs, fidelity, kdSpec);
        Path dir = front.run().resolve(Confirmation.DIR);
        PrintStream console = System.err;
        int recorded;
        try (BenchRunDirectory confirm = BenchRunDirectory.open(dir, front.retryFailed())) {
            if (tasks.stream().noneMatch(confirm::needsTraining)) {
                console.printf(Locale.ROOT, "confirm %s: all %d trainings already recorded%n", dir, tasks.size());
            } else {
                confirm.describe(description(c, fidelity, kdSpec, archs));
                try (StdoutReservation reserved = StdoutReservation.begin();
                     JavaSparkContext sc = new JavaSparkContext(SearchCommand.sparkConf("facenas confirm " + record.runId(), c.taskCpus()))) {
                    sc.setLogLevel("WARN");
                    BenchEnvironment env = BenchEnvironment.of(c, dir.resolve("teacher"), tasks, confirm, kd, console);
                    new BenchJob(sc, env, confirm, console).run(tasks, front.stopAfterSeconds());
                }
            }
            recorded = (int) tasks.stream().filter(t -> confirm.record(t).isPresent()).count();
        }
        Confirmation.Report report = Confirmation.summarise(Confirmation.read(front.run()), c.qualityMetric(), fidelity.name(), archs, seeds,
                Bootstrap.DEFAULT);
        PrintWriter w = spec.commandLine().getOut();
        if (front.json()) {
            w.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json(record, fidelity, kdSpec, tasks.size(),
                    recorded, report)));
        } else {
            print(w, record, fidelity, kdSpec, tasks.size(), recorded, report);
        }
        w.flush();
        return 0;
    }

    /** --proxy, or the run's top rung (what its front was ranked on). */
    static ProxySettings fidelity(SearchConfig c, String proxy) {
        if (proxy == null) {
            return c.proxySettings(c.rungCount() - 1);
        }
        try {
            return ProxyOverrides.parse(proxy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--proxy " + proxy + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> description(SearchConfig c, ProxySettings fidelity, String kd, List<ConfirmSelection.Entry> archs) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("config", c.name());
        d.put("data", c.data());
        d.put("proxy", fidelity.describe());
        d.put("kd", kd);
        d.put("score", c.qualityMetric().key());
        d.put("architectures", archs);
        return d;
    }

    private static String scoreLabel(Metric m) {
        return m == Metric.ROCAUC ? "ROC AUC" : "accuracy";
    }

    private static void print(PrintWriter w, RunRecord record, ProxySettings fidelity, String kd, int tasks, int recorded,
                              Confirmation.Report r) {
        w.printf(Locale.ROOT, "confirm %s: proxy %s, seeds %s, KD %s; %d of %d trainings recorded in %s%n", record.runId(),
                fidelity.name(), r.seeds(), kd, recorded, tasks, record.dir().resolve(Confirmation.DIR));
        w.printf(Locale.ROOT, "%-18s %9s %10s %5s  %-22s  %s%n", "architecture", "MFLOPs", "params", "seeds",
                scoreLabel(r.score()) + " +- seed std", "block string");
        for (Confirmation.Row row : r.rows()) {
            w.printf(Locale.ROOT, "%-18s %9.1f %,10d %5s  %-22s  %s%n", row.label() + (row.reference() ? " *" : ""), row.mflops(), row.params(),
                    row.seeds().size() + (row.failed() > 0 ? "+" + row.failed() + "F" : ""),
                    Double.isNaN(row.mean()) ? "n/a" : PlusMinus.of(row.mean(), Double.isNaN(row.std()) ? null : row.std()), row.blockString());
        }
        w.printf(Locale.ROOT, "* reference%s%n", r.rows().stream().anyMatch(x -> x.failed() > 0) ? "; +nF: n failed trainings, not in the mean" : "");
        printDifferences(w, "", r);
    }

    /** The report's paired differences as a table (retrain prints one per verification set, {@code on} naming it). */
    static void printDifferences(PrintWriter w, String on, Confirmation.Report r) {
        w.printf(Locale.ROOT, "%npaired difference against each reference (%s%s, same seeds; %.0f%% bootstrap interval over seeds)%n",
                scoreLabel(r.score()), on, r.level() * 100);
        w.printf(Locale.ROOT, "%-18s %-18s %5s %10s  %-22s %s%n", "architecture", "reference", "seeds", "difference",
                String.format(Locale.ROOT, "%.0f%% interval", r.level() * 100), "excludes 0");
        for (Confirmation.Difference d : r.differences()) {
            var e = d.difference();
            w.printf(Locale.ROOT, "%-18s %-18s %5d %10s  %-22s %s%n", d.label(), d.reference(), d.pairs(),
                    Double.isNaN(e.value()) ? "n/a" : String.format(Locale.ROOT, "%+.4f", e.value()),
                    e.hasInterval() ? String.format(Locale.ROOT, "[%+.4f, %+.4f]", e.lo(), e.hi()) : "n/a",
                    !e.hasInterval() ? "n/a (one seed)" : d.excludesZero() ? (e.lo() > 0 ? "yes, above" : "yes, below") : "no");
        }
    }

    private static Map<String, Object> json(RunRecord record, ProxySettings fidelity, String kd, int tasks, int recorded,
                                            Confirmation.Report r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", record.dir().toAbsolutePath().normalize().toString());
        doc.put("proxy", fidelity.name());
        doc.put("proxySettings", fidelity.describe());
        doc.put("kd", kd);
        doc.put("score", r.score().key());
        doc.put("seeds", r.seeds());
        doc.put("level", r.level());
        doc.put("tasks", tasks);
        doc.put("recorded", recorded);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Confirmation.Row row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", row.label());
            m.put("blockString", row.blockString());
            m.put("reference", row.reference());
            m.put("mflops", row.mflops());
            m.put("params", row.params());
            m.put("seeds", row.seeds());
            m.put("failed", row.failed());
            m.put("mean", finite(row.mean()));
            m.put("std", finite(row.std()));
            m.put("bySeed", row.bySeed());
            rows.add(m);
        }
        doc.put("architectures", rows);
        doc.put("differences", differencesJson(r));
        return doc;
    }

    /** The report's paired differences as JSON: label, reference, pairs, difference, lo, hi, excludesZero. */
    static List<Map<String, Object>> differencesJson(Confirmation.Report r) {
        List<Map<String, Object>> diffs = new ArrayList<>();
        for (Confirmation.Difference d : r.differences()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", d.label());
            m.put("reference", d.reference());
            m.put("pairs", d.pairs());
            m.put("difference", finite(d.difference().value()));
            m.put("lo", finite(d.difference().lo()));
            m.put("hi", finite(d.difference().hi()));
            m.put("excludesZero", d.excludesZero());
            diffs.add(m);
        }
        return diffs;
    }

    /** JSON has no NaN: an undefined number is null. */
    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }
}

package org.facenas.results.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facenas.records.PlusMinus;
import org.facenas.results.FrontRow;
import org.facenas.results.RunFront;
import org.facenas.results.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code facenas front RUN_DIR}: the non-dominated candidates of a run, optionally under budgets set after the fact. */
@Command(name = "front", mixinStandardHelpOptions = true, description = "Show a run's Pareto front (the run's quality score, accuracy or ROC AUC, vs its cost objectives).")
public final class FrontCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "run directory")
    Path run;

    @Option(names = "--json", description = "print a JSON array")
    boolean json;

    @Option(names = "--max-mflops", description = "only candidates of at most this many MFLOPs")
    Double maxMflops;

    @Option(names = "--max-params", description = "only candidates of at most this many parameters")
    Long maxParams;

    @Option(names = "--sort", defaultValue = "score", description = "score (the run's quality score: accuracy or rocauc) or mflops (default ${DEFAULT-VALUE})")
    String sort;

    @Override
    public Integer call() throws Exception {
        RunRecord record = RunRecord.open(run);
        List<FrontRow> rows = RunFront.of(record, maxMflops, maxParams, sort);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else {
            int top = record.config().rungCount() - 1;
            out.printf(Locale.ROOT, "%s: %d candidates, front over %s: %d%s%n", record.runId(), record.candidates().size(),
                    record.objectives().stream().map(org.facenas.results.Metric::key).collect(java.util.stream.Collectors.joining(", ")), rows.size(), top == 0 ? ""
                            : String.format(Locale.ROOT, " (top rung %d, %s: %d candidates; lower rungs are not ranked against it)",
                            top, record.config().proxySettings(top).name(), record.candidates().stream().filter(c -> c.rung() == top).count()));
            // a run ranked on ROC AUC shows it first, with its fold std as accuracy has (n/a in a run recorded before it)
            boolean auc = record.config().qualityMetric() == org.facenas.results.Metric.ROCAUC;
            // with several verification sets: one column each of the run's quality score +- its fold std (the first set
            // is the one the search ranked on)
            List<String> sets = FrontRow.setNames(rows);
            StringBuilder head = new StringBuilder();
            sets.forEach(n -> {
                String name = auc ? n + " AUC" : n;
                head.append(String.format(Locale.ROOT, " %-17s", name.length() > 17 ? name.substring(0, 17) : name));
            });
            // facenas confirm's scores, a column per proxy: the quality score's mean +- seed std over n seeds
            List<String> confirmed = FrontRow.confirmedProxies(rows);
            confirmed.forEach(p -> head.append(String.format(Locale.ROOT, " %-24s", "confirmed " + p)));
            out.printf(Locale.ROOT, "%4s  %s%-17s%s %9s %10s %7s %9s  %s%n", "rank", auc ? String.format(Locale.ROOT, "%-17s ", "ROC AUC") : "", "accuracy", head,
                    "MFLOPs", "params", "MB", "latency", "block string");
            for (FrontRow r : rows) {
                StringBuilder perSet = new StringBuilder();
                for (String n : sets) {
                    perSet.append(r.verification().stream().filter(v -> v.set().equals(n)).findFirst()
                            .map(v -> String.format(Locale.ROOT, " %-17s", auc ? PlusMinus.of(v.rocAuc(), v.rocAucStd())
                                    : PlusMinus.of(v.accuracy(), v.accuracyStd())))
                            .orElse(String.format(Locale.ROOT, " %-17s", "-")));
                }
                for (String p : confirmed) {
                    perSet.append(String.format(Locale.ROOT, " %-24s", r.confirmed().stream().filter(c -> c.proxy().equals(p)).findFirst()
                            .map(c -> PlusMinus.of(c.mean(), c.std()) + " x" + c.seeds()).orElse("-")));
                }
                out.printf(Locale.ROOT, "%4d  %s%-17s%s %9.1f %,10d %7.2f %9s  %s%n", r.rank(),
                        auc ? String.format(Locale.ROOT, "%-17s ", r.rocAuc() == null ? "-" : PlusMinus.of(r.rocAuc(), r.rocAucStd())) : "",
                        PlusMinus.of(r.accuracy(), r.accuracyStd()), perSet, r.mflops(), r.params(), r.megabytes(),
                        r.latencyMs() == null ? "-" : String.format(Locale.ROOT, "%.2f ms", r.latencyMs()), r.blockString());
            }
        }
        out.flush();
        return 0;
    }
}

package org.facenas.search.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.cli.StdoutReservation;
import org.facenas.evaluator.cli.FullTrainingOptions;
import org.facenas.records.CandidateResult;
import org.facenas.records.PlusMinus;
import org.facenas.records.VerificationScore;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.results.Metric;
import org.facenas.results.RunRecord;
import org.facenas.results.SearchConfig;
import org.facenas.results.confirm.ConfirmSelection;
import org.facenas.results.confirm.Confirmation;
import org.facenas.results.stats.Bootstrap;
import org.facenas.search.bench.BenchEnvironment;
import org.facenas.search.bench.BenchJob;
import org.facenas.search.bench.BenchRecord;
import org.facenas.search.bench.BenchRunDirectory;
import org.facenas.search.bench.BenchTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facenas retrain RUN_DIR}: the best front members (and with --references the run's references) trained
 * fully at 112x112, alike, with {@code facenas train}'s recipe and the run's data, teacher and KD; one Spark task per
 * architecture x seed, recorded in {@code RUN_DIR/retrain/records.jsonl} as it finishes (a rerun trains only what is
 * missing), every model exported into {@code RUN_DIR/retrain/models/} and scored on every verification set.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Train a run's best front members (and its references) fully at 112x112, export every model, and score each on "
                + "every verification set: one table per set.")
public final class RetrainCommand implements Callable<Integer> {

    public static final String DIR = Confirmation.RETRAIN_DIR;

    @Spec
    CommandSpec spec;

    @Mixin
    RunFrontOptions front;

    @Option(names = "--references", description = "also train the run's references (config references and seed architectures)")
    boolean references;

    @Mixin
    FullTrainingOptions training;

    @Option(names = "--seeds", split = ",", paramLabel = "SEED", defaultValue = "1", description = "training seeds (default ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(names = {"--pairs", "--verification"}, split = ",", paramLabel = "FILE",
            description = "verification sets, relative to the run's data or absolute (default: the run's own)")
    List<String> pairs;

    @Option(names = "--latency-runs", paramLabel = "N", defaultValue = "20", description = "timed ONNX Runtime runs per model (default ${DEFAULT-VALUE})")
    int latencyRuns;

    @Override
    public Integer call() throws Exception {
        RunRecord record = front.open(seeds);
        SearchConfig c = record.config();
        Path data = Path.of(c.data());
        List<String> sets = new ArrayList<>();
        for (Path p : pairs == null ? c.verificationFiles() : pairs.stream().map(data::resolve).toList()) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("--pairs " + p + " does not exist: give a pairs file or .bin relative to " + data + " or absolute");
            }
            sets.add(p.toAbsolutePath().normalize().toString());
        }
        ProxySettings full = training.settings();
        List<ConfirmSelection.Entry> archs = front.select(record).stream().filter(e -> references || !e.reference()).toList();
        KdSettings kd = RunFrontOptions.kd(c);
        String kdSpec = RunFrontOptions.kdSpec(kd);
        List<BenchTask> tasks = RunFrontOptions.tasks(seeds, archs, full, kdSpec);
        Path dir = front.run().resolve(DIR);
        PrintStream console = System.err;
        List<BenchRecord> records;
        try (BenchRunDirectory retrain = BenchRunDirectory.open(dir, front.retryFailed())) {
            if (tasks.stream().noneMatch(retrain::needsTraining)) {
                console.printf(Locale.ROOT, "retrain %s: all %d trainings already recorded%n", dir, tasks.size());
            } else {
                retrain.describe(Map.of("config", c.name(), "proxy", full.describe(), "kd", kdSpec, "verification", sets, "architectures", archs));
                try (StdoutReservation reserved = StdoutReservation.begin();
                     JavaSparkContext sc = new JavaSparkContext(SearchCommand.sparkConf("facenas retrain " + record.runId(), c.taskCpus()))) {
                    sc.setLogLevel("WARN");
                    BenchEnvironment env = BenchEnvironment.of(c, dir.resolve("teacher"), tasks, retrain, kd, console).scoringOn(sets, latencyRuns);
                    new BenchJob(sc, env, retrain, console).exporting(t -> model(dir, t.key()), record.runId())
                            .run(tasks, front.stopAfterSeconds());
                }
            }
            records = tasks.stream().flatMap(t -> retrain.record(t).stream()).toList();
        }
        List<Confirmation.Trial> trials = trials(records, archs, full.name());
        List<Row> rows = rows(trials, archs, dir);
        PrintWriter w = spec.commandLine().getOut();
        List<String> setNames = sets.stream().map(s -> Path.of(s).getFileName().toString()).toList();
        Map<String, Confirmation.Report> differences = differences(trials, archs, full.name(), seeds, setNames);
        if (front.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run", record.dir().toAbsolutePath().normalize().toString());
            doc.put("proxySettings", full.describe());
            doc.put("kd", kdSpec);
            doc.put("seeds", seeds);
            doc.put("tasks", tasks.size());
            doc.put("recorded", records.size());
            doc.put("verification", setNames);
            doc.put("models", rows);
            Map<String, Object> diffs = new LinkedHashMap<>();
            differences.forEach((set, r) -> diffs.put(set, ConfirmCommand.differencesJson(r)));
            doc.put("level", Bootstrap.DEFAULT.level());
            doc.put("differences", diffs);
            w.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } else {
            print(w, record, full, kdSpec, tasks.size(), rows, setNames);
            differences.forEach((set, r) -> ConfirmCommand.printDifferences(w, " on " + set, r));
        }
        w.flush();
        return 0;
    }

    /** A task's model folder: named by its key's hash, so a rerun (or a front re-ranked since) finds the same one. */
    static Path model(Path dir, String taskKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(taskKey.getBytes(StandardCharsets.UTF_8));
            return dir.resolve("models").resolve(HexFormat.of().formatHex(h).substring(0, 12));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One trained model: its architecture and seed, its scores (null when its training failed) and where it was written. */
    public record Row(String label, String blockString, boolean reference, long seed, String status, String failure, double mflops,
                      long params, Double latencyMs, Double trainSeconds, List<VerificationScore> verification, String model) {
    }

    /**
     * Per verification set, confirm's paired differences over seeds of each front member against each reference, on
     * that set's accuracy (none without references, i.e. without --references).
     */
    private static Map<String, Confirmation.Report> differences(List<Confirmation.Trial> trials, List<ConfirmSelection.Entry> archs,
                                                                String proxy, List<Long> seeds, List<String> sets) {
        Map<String, Confirmation.Report> out = new LinkedHashMap<>();
        if (archs.stream().noneMatch(ConfirmSelection.Entry::reference) || archs.stream().allMatch(ConfirmSelection.Entry::reference)) {
            return out;
        }
        for (String set : sets) {
            out.put(set, Confirmation.summarise(trials, Metric.ACCURACY, r -> r.ok() && r.verification() != null
                    ? r.verification().stream().filter(v -> v.set().equals(set)).findFirst().map(VerificationScore::accuracy).orElse(null)
                    : null, proxy, archs, seeds, Bootstrap.DEFAULT));
        }
        return out;
    }

    /** The recorded trainings, labelled as the selection labels them, in confirm's terms. */
    private static List<Confirmation.Trial> trials(List<BenchRecord> records, List<ConfirmSelection.Entry> archs, String proxy)
            throws Exception {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        List<Confirmation.Trial> out = new ArrayList<>();
        for (BenchRecord b : records) {
            ConfirmSelection.Entry a = archs.stream().filter(e -> e.blockString().equals(b.blockString())).findFirst().orElseThrow();
            out.add(new Confirmation.Trial(b.key(), a.label(), b.blockString(), proxy, b.seed(), json.treeToValue(b.result(), CandidateResult.class)));
        }
        return out;
    }

    private static List<Row> rows(List<Confirmation.Trial> trials, List<ConfirmSelection.Entry> archs, Path dir) {
        List<Row> out = new ArrayList<>();
        for (Confirmation.Trial t : trials) {
            CandidateResult r = t.result();
            boolean reference = archs.stream().anyMatch(e -> e.blockString().equals(t.blockString()) && e.reference());
            out.add(new Row(t.label(), t.blockString(), reference, t.seed(), r.status().name(), r.failure(), r.mflops(), r.params(),
                    r.latencyMs(), r.trainSeconds(), r.verification(), r.ok() ? model(dir, t.key()).toAbsolutePath().normalize().toString() : null));
        }
        return out;
    }

    private static void print(PrintWriter w, RunRecord record, ProxySettings full, String kd, int tasks, List<Row> rows, List<String> sets) {
        w.printf(Locale.ROOT, "retrain %s: %s, KD %s; %d of %d trainings recorded in %s%n", record.runId(), full.describe(), kd, rows.size(),
                tasks, record.dir().resolve(DIR));
        for (String set : sets) {
            w.printf(Locale.ROOT, "%n%s%n%-18s %4s  %-18s %-18s %9s %10s %10s  %s%n", set, "architecture", "seed", "accuracy +- fold std",
                    "ROC AUC +- fold std", "MFLOPs", "params", "latency", "model");
            for (Row r : rows) {
                VerificationScore v = r.verification().stream().filter(x -> x.set().equals(set)).findFirst().orElse(null);
                w.printf(Locale.ROOT, "%-18s %4d  %-18s %-18s %9.1f %,10d %10s  %s%n", r.label() + (r.reference() ? " *" : ""), r.seed(),
                        v == null ? (r.failure() == null ? "not scored" : "FAILED") : PlusMinus.of(v.accuracy(), v.accuracyStd()),
                        v == null ? "-" : PlusMinus.of(v.rocAuc(), v.rocAucStd()), r.mflops(), r.params(),
                        r.latencyMs() == null ? "-" : String.format(Locale.ROOT, "%.2f ms", r.latencyMs()),
                        r.model() == null ? r.failure() : r.model());
            }
        }
        w.printf(Locale.ROOT, "%n* reference; each model folder holds model.json, model.zip (DL4J), model.onnx and model.py + model.pt (PyTorch), with their provenance%n");
    }
}

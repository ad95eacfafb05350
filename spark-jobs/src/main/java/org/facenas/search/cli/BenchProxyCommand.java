package org.facenas.search.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.cli.StdoutReservation;
import org.facenas.cli.StopAfter;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxyOverrides;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.results.SearchConfig;
import org.facenas.results.stats.Bootstrap;
import org.facenas.search.bench.BenchArchitectures;
import org.facenas.search.bench.BenchEnvironment;
import org.facenas.search.bench.BenchJob;
import org.facenas.search.bench.BenchRecord;
import org.facenas.search.bench.BenchRunDirectory;
import org.facenas.search.bench.BenchScore;
import org.facenas.search.bench.BenchTask;
import org.facenas.search.bench.CheapScoreFidelity;
import org.facenas.search.bench.ProxyFidelity;
import org.facenas.search.bench.SeedMeanFidelity;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.cost.CostModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facenas bench proxy}: how repeatable a proxy's ranking of architectures is (seed to seed) and how well a
 * cheaper proxy ranks like a more expensive one; every (architecture, proxy, seed) one Spark task, recorded as it
 * finishes, so a killed benchmark continues where it stopped when run again with the same --out.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Repeatability and fidelity of proxies: seed-to-seed and cheap-vs-expensive Kendall tau / Spearman rho "
                + "of the architecture ranking, with bootstrap 90%% intervals over architectures.")
public final class BenchProxyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, description = "YAML search config: data, budget, space, teacher and KD, taskCpus")
    Path config;

    @Option(names = "--sample", defaultValue = "12", paramLabel = "N",
            description = "how many architectures: the zoo members in the budget, then uniform samples of the space (default ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--proxies", split = ",", defaultValue = "screen,quick,standard",
            description = "presets or named overrides NAME=PRESET:key=value:...; zero-cost proxies (zero-cost, or e.g. "
                    + "zc-naswot=zero-cost:score=naswot) train nothing and are compared with the trained ones' AUC (default ${DEFAULT-VALUE})")
    List<String> proxies;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2", description = "training seeds (default ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(names = "--train-only", split = ",", description = "train only these of the selected architectures (their labels, "
            + "e.g. mobilefacenet-512,s03): a piece of a long benchmark; the report reads every recorded one")
    List<String> trainOnly;

    @Option(names = "--arch-seed", description = "seed of the architecture sample (default: the config's seed)")
    Long archSeed;

    @Option(names = "--out", description = "bench run directory, continued if it exists (default runs/bench-proxy-NAME)")
    Path out;

    @Option(names = "--resamples", defaultValue = "2000", description = "bootstrap resamples (default ${DEFAULT-VALUE})")
    int resamples;

    @Mixin
    RetryFailed retry;

    @Option(names = "--stop-after", description = "start no task after this many seconds; those training finish and are recorded, "
            + "and the same command continues (default: run everything)")
    Double stopAfter;

    @Option(names = "--report-only", description = "analyse what the run directory holds; train nothing")
    boolean reportOnly;

    @Option(names = "--kd", description = "KD for every task instead of the config's teacher.kd: none, default or "
            + "KIND[+warmup=F][+head][+extra=K][+decay][@LAMBDA] (needs the config's teacher unless none)")
    String kdOverride;

    @Option(names = "--seed-mean", description = "also rank each cheaper trained proxy's seed-mean score against each more expensive "
            + "one's seed-mean (the seeds each has recorded), Kendall tau / Spearman rho with bootstrap intervals")
    boolean seedMean;

    @Option(names = "--json", description = "one JSON document on stdout instead of the tables")
    boolean asJson;

    @Override
    public Integer call() throws Exception {
        SearchConfig c = SearchConfig.load(config).withAbsolutePaths();
        if (!Files.isDirectory(Path.of(c.data()))) {
            throw new IllegalArgumentException("config data: " + c.data() + " is not a directory");
        }
        SearchCommand.sparkConf("facenas bench proxy", c.taskCpus()); // more task CPUs than the master offers: an error now
        StopAfter.seconds(stopAfter); // checked before anything starts
        if (seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("--seeds must be distinct seeds, e.g. 1,2");
        }
        List<ProxySettings> proxySettings = new ArrayList<>();
        for (String p : proxies) {
            ProxySettings s = ProxyOverrides.parse(p);
            if (proxySettings.stream().anyMatch(q -> q.name().equals(s.name()))) {
                throw new IllegalArgumentException("--proxies names " + s.name() + " twice");
            }
            proxySettings.add(s);
        }
        ArchitectureCodec codec = ArchitectureCodec.of(SearchSpace.named(c.space()));
        List<BenchArchitectures.Entry> selected = BenchArchitectures.select(codec, c.resolvedBudget(), sample,
                archSeed == null ? c.seed() : archSeed);
        KdSettings kdSettings = kdSettings(c, kdOverride);
        // the whole spec (kind, warm-up, head, extra images, decay, weight): each option changes the training
        String kd = kdSettings == null ? "none" : kdSettings.spec();
        // a proxy's runs together (all architectures, each seed next to the other), cheapest proxy first as given
        if (trainOnly != null) {
            List<String> labels = selected.stream().map(BenchArchitectures.Entry::label).toList();
            for (String l : trainOnly) {
                if (!labels.contains(l)) {
                    throw new IllegalArgumentException("--train-only " + l + ": not one of the " + labels.size() + " selected architectures "
                            + labels);
                }
            }
        }
        List<BenchTask> tasks = new ArrayList<>();
        for (ProxySettings p : proxySettings) {
            for (BenchArchitectures.Entry a : selected) {
                for (long seed : seeds) {
                    // a zero-cost proxy trains nothing, so distils nothing
                    tasks.add(new BenchTask(a.label(), a.architecture().blockString(), p, seed, p.zeroCostOnly() ? "none" : kd));
                }
            }
        }
        Path dir = out != null ? out : Path.of("runs", "bench-proxy-" + c.name());
        PrintStream console = System.err;
        List<BenchRecord> records;
        if (reportOnly && !Files.isRegularFile(dir.resolve(BenchRunDirectory.RECORDS))) {
            throw new IllegalArgumentException("--report-only: " + dir + " holds no bench run (no " + BenchRunDirectory.RECORDS
                    + "); give the --out of an earlier bench proxy");
        }
        try (BenchRunDirectory run = BenchRunDirectory.open(dir, retry.retry)) {
            if (reportOnly) {
                records = tasks.stream().flatMap(t -> run.record(t).stream()).toList();
            } else {
                List<BenchTask> toTrain = trainOnly == null ? tasks : tasks.stream().filter(t -> trainOnly.contains(t.label())).toList();
                Map<String, Object> d = description(c, selected, proxySettings, kd);
                d.put("args", spec.commandLine().getParseResult().originalArgs());
                run.describe(d);
                try (StdoutReservation reserved = StdoutReservation.begin();
                     JavaSparkContext sc = new JavaSparkContext(SearchCommand.sparkConf("facenas bench proxy", c.taskCpus()))) {
                    sc.setLogLevel("WARN");
                    BenchEnvironment env = BenchEnvironment.of(c, dir.resolve("teacher"), toTrain, run, kdSettings, console);
                    new BenchJob(sc, env, run, console).run(toTrain, stopAfter == null ? Double.POSITIVE_INFINITY : stopAfter);
                    records = tasks.stream().flatMap(t -> run.record(t).stream()).toList();
                }
            }
        }
        Bootstrap bootstrap = new Bootstrap(resamples, 0.90, Bootstrap.DEFAULT.seed());
        ProxyFidelity.Report report = ProxyFidelity.analyse(records, proxySettings.stream().map(ProxySettings::name).toList(), seeds,
                java.util.Arrays.stream(BenchScore.values()).filter(s -> !s.cost()).toList(), bootstrap);
        List<CheapScoreFidelity.Agreement> cheap = CheapScoreFidelity.analyse(records, bootstrap);
        List<SeedMeanFidelity.Agreement> seedMeans = seedMean
                ? SeedMeanFidelity.analyse(records, proxySettings.stream().map(ProxySettings::name).toList(), bootstrap) : List.of();
        PrintWriter w = spec.commandLine().getOut();
        if (asJson) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("config", c.name());
            doc.put("runDirectory", dir.toAbsolutePath().normalize().toString());
            doc.put("kd", kd);
            doc.put("architectures", selected.stream().map(a -> Map.of("label", a.label(), "blockString", a.architecture().blockString(),
                    "mflops", CostModel.of(a.architecture()).mflops())).toList());
            doc.put("tasks", tasks.size());
            doc.put("recorded", records.size());
            doc.put("bootstrap", bootstrap);
            doc.put("report", report);
            doc.put("cheapScores", cheap);
            if (seedMean) {
                doc.put("seedMeanPairs", seedMeans);
            }
            w.println(new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).writeValueAsString(doc));
        } else {
            printTables(w, c, dir, kd, tasks.size(), records.size(), bootstrap, report);
            printCheapScores(w, cheap);
            if (seedMean) {
                printSeedMeans(w, seedMeans);
            }
        }
        w.flush();
        return 0;
    }

    private static Map<String, Object> description(SearchConfig c, List<BenchArchitectures.Entry> selected, List<ProxySettings> proxies,
                                                   String kd) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("config", c.name());
        d.put("data", c.data());
        d.put("budget", c.resolvedBudget().toString());
        d.put("space", c.space());
        d.put("kd", kd);
        d.put("architectures", selected.stream().map(a -> Map.of("label", a.label(), "blockString", a.architecture().blockString(),
                "mflops", CostModel.of(a.architecture()).mflops())).toList());
        d.put("proxies", proxies.stream().map(ProxySettings::describe).toList());
        return d;
    }

    /** The config's KD, or --kd's in its place; null for none. */
    static KdSettings kdSettings(SearchConfig c, String override) {
        if (override == null) {
            return c.teacher() == null ? null : c.teacher().kdSettings();
        }
        KdSettings kd;
        try {
            kd = KdSettings.parse(override, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--kd " + override + ": " + e.getMessage());
        }
        if (kd != null && c.teacher() == null) {
            throw new IllegalArgumentException("--kd " + override + " needs a teacher: the config " + c.name() + " has none (give it teacher.onnx, or --kd none)");
        }
        try {
            KdSettings.requireOneTeacherForExtra(kd, c.teacher().trajectory() != null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--kd " + override + " with the config " + c.name() + "'s teacher trajectory: " + e.getMessage());
        }
        return kd;
    }

    private static void printSeedMeans(PrintWriter w, List<SeedMeanFidelity.Agreement> pairs) {
        w.printf(Locale.ROOT, "%ncheaper proxy against the more expensive one, each averaged over its recorded seeds first%n");
        w.printf(Locale.ROOT, "%-10s %5s %-10s %5s %-22s %5s %-24s %-24s%n", "cheaper", "seeds", "expensive", "seeds", "score", "archs",
                "Kendall tau [90%]", "Spearman rho [90%]");
        for (SeedMeanFidelity.Agreement a : pairs) {
            w.printf(Locale.ROOT, "%-10s %5d %-10s %5d %-22s %5d %-24s %-24s%n", a.cheaper(), a.cheaperSeeds(), a.expensive(),
                    a.expensiveSeeds(), a.score().label(), a.archs(), a.tau().format(2), a.rho().format(2));
        }
    }

    private static void printCheapScores(PrintWriter w, List<CheapScoreFidelity.Agreement> cheap) {
        if (cheap.isEmpty()) {
            return;
        }
        w.printf(Locale.ROOT, "%nscores that train nothing against each trained proxy (both averaged over their recorded seeds)%n");
        w.printf(Locale.ROOT, "%-10s %-12s %-10s %-10s %5s %-24s %-24s%n", "score", "from", "trained", "quality", "archs",
                "Kendall tau [90%]", "Spearman rho [90%]");
        for (CheapScoreFidelity.Agreement a : cheap) {
            w.printf(Locale.ROOT, "%-10s %-12s %-10s %-10s %5d %-24s %-24s%n", a.score().label(), a.source(), a.trained(),
                    a.quality().label(), a.archs(), a.tau().format(2), a.rho().format(2));
        }
    }

    private static void printTables(PrintWriter w, SearchConfig c, Path dir, String kd, int tasks, int recorded, Bootstrap b,
                                    ProxyFidelity.Report r) {
        w.printf(Locale.ROOT, "proxy fidelity, %s: %d architectures, seeds %s, KD %s; %d of %d tasks recorded in %s%n", c.name(),
                r.architectures().size(), r.seeds(), kd, recorded, tasks, dir);
        w.printf(Locale.ROOT, "intervals: %.0f%% percentile bootstrap over architectures, %d resamples%n%n", b.level() * 100,
                b.resamples());
        w.printf(Locale.ROOT, "cost per candidate%n%-10s %5s %6s %9s %8s %8s  %s%n", "proxy", "runs", "failed", "train s", "eval s",
                "img/s", "settings");
        for (ProxyFidelity.ProxyReport p : r.proxies()) {
            w.printf(Locale.ROOT, "%-10s %5d %6d %9.1f %8.1f %8.1f  %s%n", p.proxy(), p.cost().runs(), p.cost().failed(),
                    p.cost().trainSeconds(), p.cost().evalSeconds(), p.cost().imagesPerSecond(), p.settings());
        }
        w.printf(Locale.ROOT, "%nseed-to-seed agreement of the architecture ranking (same proxy, mean over seed pairs)%n");
        w.printf(Locale.ROOT, "%-10s %-22s %5s %-24s %-24s %6s %9s %9s %10s%n", "proxy", "score", "archs", "Kendall tau [90%]",
                "Spearman rho [90%]", "r", "seed std", "arch std", "seeds>=0.6");
        for (ProxyFidelity.ProxyReport p : r.proxies()) {
            ProxyFidelity.SeedAgreement best = null;
            for (ProxyFidelity.SeedAgreement s : p.seeds()) {
                w.printf(Locale.ROOT, "%-10s %-22s %5d %-24s %-24s %6.2f %9.4f %9.4f %10s%n", p.proxy(), s.score().label(), s.archs(),
                        s.tau().format(2), s.rho().format(2), s.pearson(), s.seedStd(), s.archStd(),
                        Double.isNaN(s.seedsForTarget()) ? "never" : String.format(Locale.ROOT, "%.1f", s.seedsForTarget()));
                if (!Double.isNaN(s.tau().value()) && (best == null || s.tau().value() > best.tau().value())) {
                    best = s;
                }
            }
            if (best != null) {
                w.printf(Locale.ROOT, "%-10s ranks most stably by %s (tau %s)%n", p.proxy(), best.score().label(), best.tau().format(2));
            }
        }
        if (!r.pairs().isEmpty()) {
            w.printf(Locale.ROOT, "%ncheaper proxy against the more expensive one (same seed, mean over seeds)%n");
            w.printf(Locale.ROOT, "%-10s %-10s %-22s %5s %-24s %-24s%n", "cheaper", "expensive", "score", "archs", "Kendall tau [90%]",
                    "Spearman rho [90%]");
            for (ProxyFidelity.ProxyAgreement a : r.pairs()) {
                w.printf(Locale.ROOT, "%-10s %-10s %-22s %5d %-24s %-24s%n", a.cheaper(), a.expensive(), a.score().label(), a.archs(),
                        a.tau().format(2), a.rho().format(2));
            }
        }
        w.printf(Locale.ROOT, "%nseeds>=0.6: seeds to average per architecture before two such rankings agree at tau 0.6 "
                + "(Spearman-Brown on the seed-to-seed Pearson r)%n");
    }
}

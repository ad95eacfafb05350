package org.facenas.search.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.cli.StdoutReservation;
import org.facenas.distill.teacher.ResolutionCeiling;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.evaluator.cli.DatasetOptions;
import org.facenas.evaluator.cli.TeacherOptions;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.train.DistillationSource;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxyOverrides;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.results.stats.Bootstrap;
import org.facenas.search.bench.BenchEnvironment;
import org.facenas.search.bench.BenchJob;
import org.facenas.search.bench.BenchRecord;
import org.facenas.search.bench.BenchRunDirectory;
import org.facenas.search.bench.BenchTask;
import org.facenas.search.bench.KdComparison;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.CostModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facenas bench kd}: each architecture x seed trained with the baseline (no KD, or --baseline's KD) and with
 * each KD variant (same arch, same seed: paired), the mean paired accuracy gain per variant with a 90% bootstrap interval, and the student-teacher
 * cosine on the scoring identities' images (never trained on). Every (architecture, seed, variant) is one Spark
 * task, recorded in the run directory as it finishes, so a killed benchmark continues where it stopped when run
 * again with the same --out (like {@code bench proxy}).
 */
@Command(name = "kd", mixinStandardHelpOptions = true,
        description = "Paired accuracy gain of KD variants over no KD (or --baseline) across architectures and seeds (90%% bootstrap interval), "
                + "held-out student-teacher cosine; one Spark task per training, resumable.")
public final class BenchKdCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--archs", split = ",", defaultValue = "mobilefacenet,mnas-face-se,iresnet-mini,ds-face-k7",
            description = "zoo names, block strings or sampled:K:SEED (K random architectures of the MobileFaceNet space under 300 MFLOPs) (default ${DEFAULT-VALUE})")
    List<String> archs;

    @Mixin
    RetryFailed retry;

    /** Without --data: ../shared/datasets/celeba112. */
    @Mixin
    DatasetOptions dataset;

    /** Without --teacher: ../shared/models/faceplugin/fr_feature.onnx. */
    @Mixin
    TeacherOptions teacher;

    @Option(names = "--proxy", defaultValue = "quick",
            description = "a preset or named overrides NAME=PRESET:key=value:..., as bench proxy takes them, e.g. "
                    + "a32=quick:inputSize=32:imagesPerIdentity=4 (default ${DEFAULT-VALUE})")
    String proxy;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", paramLabel = "SEED",
            description = "training seeds, each architecture trained once per seed with and without KD (default ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(names = "--kd", split = ",", defaultValue = KdSettings.DEFAULT,
            description = "KD variants, each KIND[+warmup=F][+head][+extra=K][+decay][@LAMBDA], KIND pocketnet|cosine|similarity; each is paired with the --baseline run (default ${DEFAULT-VALUE})")
    List<String> kinds;

    @Option(names = "--baseline", defaultValue = "none", paramLabel = "SPEC",
            description = "what each variant is paired with (same architecture, seed): none (no KD) or a KD spec, e.g. "
                    + "cosine+warmup=0.3+head@30 (default ${DEFAULT-VALUE})")
    String baseline;

    @Option(names = "--teacher-trajectory", description = "a folder written by 'facenas teacher train': also distil each "
            + "--trajectory-kd variant from its checkpoints, multi-step (student epoch e learns from checkpoint e+1, the last once they run out)")
    Path trajectory;

    @Option(names = "--trajectory-kd", split = ",", defaultValue = "default",
            description = "KD variants distilled from --teacher-trajectory (no +extra: its checkpoints embed the proxy's own images) "
                    + "(default ${DEFAULT-VALUE})")
    List<String> trajectoryKinds;

    @Option(names = "--trajectory-last", description = "also distil each --trajectory-kd variant from the trajectory's last checkpoint "
            + "alone: what the steps add over the same final teacher")
    boolean trajectoryLast;

    @Option(names = "--out", description = "bench run directory, continued if it exists (default runs/bench-kd-PROXY)")
    Path out;

    @Option(names = "--task-cpus", defaultValue = "1",
            description = "OpenMP threads per task; Spark runs cores / task-cpus tasks at once (default ${DEFAULT-VALUE})")
    int taskCpus;

    @Option(names = "--report-only", description = "analyse what the run directory holds; train nothing")
    boolean reportOnly;

    @Option(names = "--resamples", defaultValue = "10000", description = "bootstrap resamples (default ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--ceiling-images", defaultValue = "300",
            description = "scoring images over which the teacher's own cosine through a low resolution is measured (0: skip; default ${DEFAULT-VALUE})")
    int ceilingImages;

    @Option(names = "--ceiling-sizes", split = ",", description = "input sizes at which to measure it (default: the proxy's)")
    List<Integer> ceilingSizes;

    @Option(names = "--json", description = "print one JSON document instead of the table")
    boolean json;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        ProxySettings p = ProxyOverrides.parse(proxy);
        if (seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("--seeds lists training seeds, each once, e.g. --seeds 1,2,3; got " + seeds);
        }
        if (ceilingImages < 0) {
            throw new IllegalArgumentException("--ceiling-images must be 0 (skip) or a number of scoring images, got " + ceilingImages);
        }
        if (taskCpus < 1) {
            throw new IllegalArgumentException("--task-cpus must be at least 1, got " + taskCpus);
        }
        SearchCommand.sparkConf("facenas bench kd", taskCpus); // more task CPUs than the master offers: an error now
        String baseKd = baselineSpec(baseline);
        List<Variant> variants = new ArrayList<>();
        for (String k : kinds) {
            KdSettings kd = variant("--kd", k);
            if (!kd.spec().equals(baseKd)) { // the baseline paired with itself says nothing
                variants.add(new Variant(kd, null));
            }
        }
        if (trajectory != null) {
            String name = trajectory.toAbsolutePath().normalize().getFileName().toString();
            for (String k : trajectoryKinds) {
                KdSettings kd = variant("--trajectory-kd", k);
                try {
                    KdSettings.requireOneTeacherForExtra(kd, true);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--trajectory-kd " + k + ": " + e.getMessage());
                }
                variants.add(new Variant(kd, MULTISTEP + name));
                if (trajectoryLast) {
                    variants.add(new Variant(kd, LAST + name));
                }
            }
        } else if (trajectoryLast) {
            throw new IllegalArgumentException("--trajectory-last needs --teacher-trajectory DIR");
        }
        Map<String, Architecture> architectures = BenchArchitectures.resolve(archs);
        List<BenchTask> tasks = tasks(architectures, p, seeds, baseKd, variants);
        Path dir = out != null ? out : Path.of("runs", "bench-kd-" + p.name());
        if (reportOnly && !Files.isRegularFile(dir.resolve(BenchRunDirectory.RECORDS))) {
            throw new IllegalArgumentException("--report-only: " + dir + " holds no bench run (no " + BenchRunDirectory.RECORDS
                    + "); give the --out of an earlier bench kd");
        }
        PrintStream console = System.err;
        Map<Integer, Double> ceiling = new TreeMap<>();
        int ceilingFaces = 0;
        Map<String, BenchRecord> records = new LinkedHashMap<>();
        try (BenchRunDirectory run = BenchRunDirectory.open(dir, retry.retry)) {
            if (!reportOnly) {
                run.describe(description(architectures, p, baseKd, variants));
                try (StdoutReservation reserved = StdoutReservation.begin()) {
                    dataset.defaultData(Path.of("../shared/datasets/celeba112"));
                    Path data = dataset.data().toAbsolutePath().normalize();
                    Path people = dataset.trainPeople().toAbsolutePath().normalize();
                    Path pairs = dataset.pairs().toAbsolutePath().normalize();
                    SourceProxyData base = SourceProxyData.load(data, people, pairs, p);
                    DistillationSource.Loader load = images -> SourceProxyData.load(data, people, pairs, images);
                    TeacherSpec t = teacher.defaultTeacher(Path.of("../shared/models/faceplugin/fr_feature.onnx")).spec();
                    // one cache of every training image serves every variant and every subset proxy (KD targets are looked up by image key)
                    DistillationSource onnx = DistillationSource.of(DistillationSource.Teacher.onnx(t), teacher.cache()).embeddingEveryTrainingImage();
                    Path embeddings = onnx.files(p, load.reusing(p, base)).get(0);
                    float[][] heldOut = onnx.heldOut(base);
                    if (ceilingImages > 0) {
                        List<byte[]> faces = base.scoringEncoded().subList(0, Math.min(ceilingImages, base.scoringEncoded().size()));
                        for (int size : ceilingSizes == null ? List.of(p.inputSize()) : ceilingSizes) {
                            ceiling.put(size, ResolutionCeiling.meanCosine(t, faces, size, 2));
                        }
                        ceilingFaces = faces.size();
                    }
                    Map<String, List<String>> teachers = new LinkedHashMap<>();
                    Map<String, float[][]> heldOutByTeacher = new LinkedHashMap<>();
                    teachers.put(p.name(), List.of(embeddings.toString()));
                    heldOutByTeacher.put(p.name(), heldOut);
                    if (trajectory != null) {
                        // the checkpoints embed the proxy's own images (no trajectory variant has +extra)
                        DistillationSource steps = DistillationSource.of(DistillationSource.Teacher.trajectory(trajectory), teacher.cache());
                        List<String> files = steps.files(p, load.reusing(p, base)).stream().map(Path::toString).toList();
                        // a student distilled from the trajectory is compared on held-out faces with the teacher it ends with
                        float[][] lastHeldOut = steps.heldOut(base);
                        for (Variant v : variants) {
                            if (v.teacher() != null) {
                                String key = BenchTask.teacherKey(p.name(), v.teacher());
                                teachers.put(key, v.teacher().startsWith(LAST) ? List.of(files.get(files.size() - 1)) : files);
                                heldOutByTeacher.put(key, lastHeldOut);
                            }
                        }
                    }
                    BenchEnvironment env = new BenchEnvironment(data.toString(), people.toString(), pairs.toString(), 0, taskCpus,
                            teachers, null);
                    try (JavaSparkContext sc = new JavaSparkContext(SearchCommand.sparkConf("facenas bench kd", taskCpus))) {
                        sc.setLogLevel("WARN");
                        new BenchJob(sc, env, run, console).measuringHeldOutCosine(heldOutByTeacher).run(tasks);
                    }
                }
            }
            for (BenchTask task : tasks) {
                run.record(task).ifPresent(r -> records.put(task.key(), r));
            }
        }
        List<KdComparison.Run> runs = pairs(architectures, p, seeds, baseKd, variants, records, console);
        KdComparison comparison = KdComparison.of(p.describe(), baseKd, runs, new Bootstrap(resamples, 0.90, Bootstrap.DEFAULT.seed()), ceiling);
        if (json) {
            stdout.println(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(comparison));
        } else {
            stdout.printf(Locale.ROOT, "proxy %s; %d architectures x %d seeds; %d of %d pairs recorded in %s; paired gain = accuracy with %s (same arch, seed)%n",
                    p.describe(), architectures.size(), seeds.size(), runs.size(), architectures.size() * seeds.size() * variants.size(), dir,
                    "none".equals(baseKd) ? "KD - without" : "the variant - with " + baseKd);
            for (Map.Entry<Integer, Double> c : ceiling.entrySet()) {
                stdout.printf(Locale.ROOT, "teacher through %dx%d: cosine %.3f with itself at full resolution (%d scoring faces): what a student at that input can hope to match%n",
                        c.getKey(), c.getKey(), c.getValue(), ceilingFaces);
            }
            stdout.printf(Locale.ROOT, "%-56s %5s %9s %9s %9s %20s %5s %10s %10s%n", "kd", "pairs", "none".equals(baseKd) ? "no-KD" : "baseline",
                    "KD", "gain", "90% interval", "wins", "cos held", "cos train");
            for (KdComparison.Variant v : comparison.variants()) {
                stdout.printf(Locale.ROOT, "%-56s %5d %9.4f %9.4f %+9.4f %20s %5d %10s %10s%n", v.kd(), v.pairs(), v.meanWithoutKd(),
                        v.meanWithKd(), v.meanGain(), String.format(Locale.ROOT, "[%+.4f, %+.4f]", v.gainLow(), v.gainHigh()), v.wins(),
                        fmt(v.meanHeldOutCosine()), fmt(v.meanTrainCosine()));
            }
        }
        stdout.flush();
        return 0;
    }

    private static String fmt(Double x) {
        return x == null ? "-" : String.format(Locale.ROOT, "%.3f", x);
    }

    private static final String MULTISTEP = "multistep:";
    private static final String LAST = "last:";

    /**
     * A KD variant and where its targets come from: {@code teacher} null for the benchmark's teacher, else
     * {@code multistep:NAME} (a trajectory's checkpoints, one per epoch) or {@code last:NAME} (its last checkpoint).
     */
    record Variant(KdSettings kd, String teacher) {
        /** What tables call it: the KD spec, and its teacher source when it is not the benchmark's teacher. */
        String label() {
            return teacher == null ? kd.spec() : kd.spec() + " from " + teacher;
        }

        BenchTask task(String label, Architecture a, ProxySettings p, long seed) {
            return new BenchTask(label, a.blockString(), p, seed, kd.spec(), teacher);
        }
    }

    private static KdSettings variant(String option, String spec) {
        KdSettings kd = KdSettings.parse(spec, null);
        if (kd == null) {
            throw new IllegalArgumentException(option + " lists KD variants, each paired with the --baseline run (no KD by default); drop 'none'");
        }
        return kd;
    }

    /** The baseline's KD spec as tasks record it, none for no KD. */
    private static String baselineSpec(String spec) {
        try {
            KdSettings kd = KdSettings.parse(spec, null);
            return kd == null ? "none" : kd.spec();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--baseline " + spec + ": " + e.getMessage());
        }
    }

    /** Per architecture and seed: the baseline's run, then each variant, so a pair's two runs finish close together. */
    static List<BenchTask> tasks(Map<String, Architecture> architectures, ProxySettings p, List<Long> seeds, String base,
                                 List<Variant> variants) {
        List<BenchTask> out = new ArrayList<>();
        for (Map.Entry<String, Architecture> a : architectures.entrySet()) {
            for (long s : seeds) {
                out.add(new BenchTask(a.getKey(), a.getValue().blockString(), p, s, base));
                for (Variant v : variants) {
                    out.add(v.task(a.getKey(), a.getValue(), p, s));
                }
            }
        }
        return out;
    }

    /** The pairs whose two runs are recorded and OK; the others are named on the console and left out. */
    private static List<KdComparison.Run> pairs(Map<String, Architecture> architectures, ProxySettings p, List<Long> seeds,
                                                String base, List<Variant> variants, Map<String, BenchRecord> records, PrintStream console) {
        List<KdComparison.Run> runs = new ArrayList<>();
        for (Map.Entry<String, Architecture> a : architectures.entrySet()) {
            for (long s : seeds) {
                Optional<BenchRecord> plain = usable(records, new BenchTask(a.getKey(), a.getValue().blockString(), p, s, base), console);
                for (Variant v : variants) {
                    Optional<BenchRecord> with = usable(records, v.task(a.getKey(), a.getValue(), p, s), console);
                    if (plain.isPresent() && with.isPresent()) {
                        BenchRecord w = with.get();
                        runs.add(new KdComparison.Run(a.getKey(), s, v.label(), plain.get().number("accuracy").orElseThrow(),
                                w.number("accuracy").orElseThrow(), w.number("heldOutTeacherCosine").orElse(null),
                                w.number("studentTeacherCosine").orElse(null)));
                    }
                }
            }
        }
        return runs;
    }

    private static Optional<BenchRecord> usable(Map<String, BenchRecord> records, BenchTask t, PrintStream console) {
        BenchRecord r = records.get(t.key());
        if (r == null) {
            console.printf(Locale.ROOT, "bench kd: %s seed %d kd %s%s not recorded: its pairs are left out (run again to train it)%n",
                    t.label(), t.seed(), t.kd(), t.teacher() == null ? "" : " from " + t.teacher());
            return Optional.empty();
        }
        if (!r.ok() || r.number("accuracy").isEmpty()) {
            console.printf(Locale.ROOT, "bench kd: %s seed %d kd %s failed (%s): its pairs are left out%n", t.label(), t.seed(), t.kd(),
                    r.failure());
            return Optional.empty();
        }
        return Optional.of(r);
    }

    private Map<String, Object> description(Map<String, Architecture> architectures, ProxySettings p, String base, List<Variant> variants) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("bench", "kd");
        d.put("proxy", p.describe());
        d.put("architectures", architectures.entrySet().stream().map(a -> Map.of("label", a.getKey(), "blockString",
                a.getValue().blockString(), "mflops", CostModel.of(a.getValue()).mflops())).toList());
        d.put("kd", variants.stream().map(Variant::label).toList());
        d.put("baseline", base);
        d.put("args", spec.commandLine().getParseResult().originalArgs());
        if (trajectory != null) {
            d.put("teacherTrajectory", trajectory.toAbsolutePath().normalize().toString());
        }
        return d;
    }
}

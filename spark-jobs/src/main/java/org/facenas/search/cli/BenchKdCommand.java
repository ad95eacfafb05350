package org.facenas.search.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.facenas.searchspace.cli.StdoutReservation;
import org.facenas.distill.teacher.ResolutionCeiling;
import org.facenas.distill.teacher.TeacherEmbeddings;
import org.facenas.evaluator.EvaluatorBuilder;
import org.facenas.evaluator.cli.DatasetOptions;
import org.facenas.evaluator.cli.TeacherOptions;
import org.facenas.evaluator.train.Distillation;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.evaluator.CandidateResult;
import org.facenas.evaluator.data.FolderProxyData;
import org.facenas.search.KdComparison;
import org.facenas.results.JsonLinesLog;
import org.facenas.results.stats.Bootstrap;
import org.facenas.evaluator.train.ProxySettings;
import org.facenas.evaluator.train.KdSettings;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facenas bench kd}: each architecture x seed trained without KD and with each KD variant (same arch, same
 * seed: paired), the mean paired accuracy gain per variant with a 90% bootstrap interval, and the student-teacher
 * cosine on the scoring identities' images (never trained on). Every run is appended to {@code --results} as it
 * finishes and a rerun skips the runs already there, so a long comparison can be run in short pieces.
 */
@Command(name = "kd", mixinStandardHelpOptions = true,
        description = "Paired accuracy gain of KD variants over no KD across architectures and seeds (90%% bootstrap interval), held-out student-teacher cosine.")
public final class BenchKdCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--archs", split = ",", defaultValue = "mobilefacenet,mnas-face-se,iresnet-mini,ds-face-k7",
            description = "zoo names, block strings or sampled:K:SEED (K random architectures of the MobileFaceNet space under 300 MFLOPs) (default ${DEFAULT-VALUE})")
    List<String> archs;

    /** Without --data: ../shared/datasets/celeba112. */
    @Mixin
    DatasetOptions dataset;

    /** Without --teacher: ../shared/models/faceplugin/fr_feature.onnx. */
    @Mixin
    TeacherOptions teacher;

    @Option(names = "--proxy", defaultValue = "quick", description = "(default ${DEFAULT-VALUE})")
    String proxy;

    @Option(names = "--epochs", description = "override the proxy's epochs")
    Integer epochs;

    @Option(names = "--input", description = "override the proxy's input size")
    Integer input;

    @Option(names = "--identities", description = "override the proxy's training identities (0 = all)")
    Integer identities;

    @Option(names = "--images-per-identity", description = "override the proxy's images per identity (0 = all)")
    Integer imagesPerIdentity;

    @Option(names = "--seeds", defaultValue = "3", description = "seeds 1..N per architecture (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--kd", split = ",", defaultValue = KdSettings.DEFAULT,
            description = "KD variants, each KIND[+warmup=F][+head][@LAMBDA], KIND pocketnet|cosine|similarity; each is paired with the no-KD run (default ${DEFAULT-VALUE})")
    List<String> kinds;

    @Option(names = "--results", description = "JSON-lines file: every run is appended as it finishes; runs already in it are not trained again")
    Path results;

    @Option(names = "--bootstrap", defaultValue = "10000", description = "bootstrap resamples (default ${DEFAULT-VALUE})")
    int bootstrap;

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
        PrintWriter out = spec.commandLine().getOut();
        ProxySettings preset = ProxySettings.preset(proxy);
        ProxySettings.Builder b = preset.derive();
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (input != null) {
            b.inputSize(input);
        }
        if (identities != null || imagesPerIdentity != null) {
            b.trainSubset(identities != null ? identities : preset.trainIdentities(),
                    imagesPerIdentity != null ? imagesPerIdentity : preset.imagesPerIdentity());
        }
        ProxySettings p = b.build();
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        }
        List<KdSettings> variants = new ArrayList<>();
        for (String k : kinds) {
            KdSettings kd = KdSettings.parse(k, null);
            if (kd == null) {
                throw new IllegalArgumentException("--kd lists KD variants; the run without KD is always made, drop 'none'");
            }
            variants.add(kd);
        }
        List<Architecture> architectures = resolve(archs);
        Map<String, CandidateResult> done = readResults();
        List<KdComparison.Run> runs = new ArrayList<>();
        Map<Integer, Double> ceiling = new java.util.TreeMap<>();
        int ceilingFaces = 0;
        try (StdoutReservation reserved = StdoutReservation.begin()) {
            dataset.defaultData(Path.of("../shared/datasets/celeba112"));
            FolderProxyData base = FolderProxyData.load(dataset.data(), dataset.trainPeople(), dataset.pairs(), p);
            TeacherSpec t = teacher.defaultTeacher(Path.of("../shared/models/faceplugin/fr_feature.onnx")).spec();
            Path cacheDir = teacher.cache();
            // one cache of every training image serves every subset proxy
            FolderProxyData everyone = p.trainIdentities() == 0 && p.imagesPerIdentity() == 0 ? base
                    : FolderProxyData.load(dataset.data(), dataset.trainPeople(), dataset.pairs(), p.derive().trainSubset(0, 0).build());
            TeacherEmbeddings embeddings = everyone.teacherEmbeddings(cacheDir, t, 2).embeddings();
            float[][] heldOut = base.scoringTeacherEmbeddings(cacheDir, t, 2);
            if (ceilingImages > 0) {
                List<byte[]> faces = base.scoringEncoded().subList(0, Math.min(ceilingImages, base.scoringEncoded().size()));
                for (int size : ceilingSizes == null ? List.of(p.inputSize()) : ceilingSizes) {
                    ceiling.put(size, ResolutionCeiling.meanCosine(t, faces, size, 2));
                }
                ceilingFaces = faces.size();
            }
            for (Architecture a : architectures) {
                for (long s = 1; s <= seeds; s++) {
                    CandidateResult plain = run(a, s, null, p, base, embeddings, heldOut, done);
                    for (KdSettings kd : variants) {
                        CandidateResult r = run(a, s, kd, p, base, embeddings, heldOut, done);
                        runs.add(new KdComparison.Run(name(a), s, kd.spec(), plain.accuracy(), r.accuracy(),
                                r.heldOutTeacherCosine(), r.studentTeacherCosine()));
                    }
                }
            }
        }
        KdComparison comparison = KdComparison.of(p.describe(), runs, new Bootstrap(bootstrap, 0.90, Bootstrap.DEFAULT.seed()), ceiling);
        if (json) {
            out.println(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(comparison));
        } else {
            out.printf(Locale.ROOT, "proxy %s; %d architectures x %d seeds; paired gain = accuracy with KD - without (same arch, seed)%n",
                    p.describe(), architectures.size(), seeds);
            for (Map.Entry<Integer, Double> c : ceiling.entrySet()) {
                out.printf(Locale.ROOT, "teacher through %dx%d: cosine %.3f with itself at full resolution (%d scoring faces): what a student at that input can hope to match%n",
                        c.getKey(), c.getKey(), c.getValue(), ceilingFaces);
            }
            out.printf(Locale.ROOT, "%-40s %5s %9s %9s %9s %20s %10s %10s%n", "kd", "pairs", "no-KD", "KD", "gain",
                    "90% interval", "cos held", "cos train");
            for (KdComparison.Variant v : comparison.variants()) {
                out.printf(Locale.ROOT, "%-40s %5d %9.4f %9.4f %+9.4f %20s %10s %10s%n", v.kd(), v.pairs(), v.meanWithoutKd(),
                        v.meanWithKd(), v.meanGain(), String.format(Locale.ROOT, "[%+.4f, %+.4f]", v.gainLow(), v.gainHigh()),
                        fmt(v.meanHeldOutCosine()), fmt(v.meanTrainCosine()));
            }
        }
        out.flush();
        return 0;
    }

    private static String fmt(Double x) {
        return x == null ? "-" : String.format(Locale.ROOT, "%.3f", x);
    }

    private CandidateResult run(Architecture a, long seed, KdSettings kd, ProxySettings p, FolderProxyData base,
                                TeacherEmbeddings embeddings, float[][] heldOut, Map<String, CandidateResult> done) {
        String key = key(a.blockString(), seed, kd == null ? "none" : kd.describe(), p.describe());
        CandidateResult r = done.get(key);
        if (r != null) {
            return r;
        }
        System.err.printf(Locale.ROOT, "bench kd: %s seed %d kd %s%n", name(a), seed, kd == null ? "none" : kd.describe());
        r = EvaluatorBuilder.of(p, base).distillation(kd == null ? null : Distillation.from(kd, embeddings)).heldOutTeacher(heldOut)
                .build().evaluate(a, seed);
        if (!r.ok()) {
            throw new IllegalStateException("bench kd: " + name(a) + " seed " + seed + " kd " + r.kd() + " failed: " + r.failure()
                    + (results == null ? "" : "; the runs before it are in " + results));
        }
        System.err.printf(Locale.ROOT, "bench kd: accuracy %.4f held-out cosine %s (%.0f s)%n", r.accuracy(),
                fmt(r.heldOutTeacherCosine()), r.trainSeconds() + r.evalSeconds());
        done.put(key, r);
        if (results != null) {
            // reopened per run: opening ends or cuts a line torn by a killed run before this one is appended
            try (JsonLinesLog log = JsonLinesLog.open(results, JSON)) {
                log.append(r);
            }
        }
        return r;
    }

    private static String key(String blockString, long seed, String kd, String proxy) {
        return blockString + "|" + seed + "|" + kd + "|" + proxy;
    }

    /** The runs already in --results; a torn last line (a killed run) is dropped and made again by JsonLinesLog. */
    private Map<String, CandidateResult> readResults() throws IOException {
        Map<String, CandidateResult> out = new LinkedHashMap<>();
        if (results == null) {
            return out;
        }
        for (com.fasterxml.jackson.databind.JsonNode n : JsonLinesLog.read(results, JSON)) {
            CandidateResult r = JSON.treeToValue(n, CandidateResult.class);
            out.put(key(r.blockString(), r.seed(), r.kd(), r.proxy()), r);
        }
        return out;
    }

    private static String name(Architecture a) {
        return Zoo.nameOf(a).orElse(a.blockString());
    }

    /** Zoo names, block strings, and sampled:K:SEED. */
    static List<Architecture> resolve(List<String> specs) {
        List<Architecture> out = new ArrayList<>();
        for (String s : specs) {
            if (s.startsWith("sampled:")) {
                String[] parts = s.split(":");
                if (parts.length != 3) {
                    throw new IllegalArgumentException("--archs " + s + ": use sampled:COUNT:SEED, e.g. sampled:2:7");
                }
                int count = Integer.parseInt(parts[1]);
                java.util.Random random = new java.util.Random(Long.parseLong(parts[2]));
                ArchitectureCodec codec = ArchitectureCodec.of(SearchSpace.mobileFaceNetSpace());
                int found = 0;
                for (int tries = 0; found < count && tries < 10_000; tries++) {
                    int[] idx = new int[codec.geneCount()];
                    for (int g = 0; g < idx.length; g++) {
                        idx[g] = random.nextInt(codec.choiceCount(g));
                    }
                    Architecture a = codec.decode(idx);
                    // proxy-trainable on 2 cores: the bench is about KD, not about the heaviest corner of the space
                    if (CostModel.of(a).mflops() < 300) {
                        out.add(a);
                        found++;
                    }
                }
            } else {
                out.add(Zoo.resolve(s));
            }
        }
        return out;
    }
}

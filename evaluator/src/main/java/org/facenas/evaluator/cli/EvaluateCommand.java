package org.facenas.evaluator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facenas.cli.StdoutReservation;
import org.facenas.evaluator.EvaluatorBuilder;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.train.Distillation;
import org.facenas.evaluator.train.DistillationSource;
import org.facenas.records.CandidateResult;
import org.facenas.records.PlusMinus;
import org.facenas.records.VerificationScore;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.Margin;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facenas evaluate}: train one architecture on a proxy and score it on held-out pairs. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Train an architecture briefly on a proxy task and score face verification on held-out identities.")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true, description = "zoo name or block string")
    String arch;

    @Mixin
    DatasetOptions dataset;

    @Option(names = "--proxy", defaultValue = "quick", description = "tiny, screen, quick, standard, zero-cost (scores at "
            + "initialisation, trains nothing) or NAME=PRESET:key=value:... (default ${DEFAULT-VALUE})")
    String proxy;

    @Option(names = "--epochs", description = "override the proxy's epochs")
    Integer epochs;

    @Option(names = "--margin", description = "arcface or cosface (default: the proxy's)")
    String margin;

    @Option(names = "--scale", description = "override the margin head's scale s")
    Double scale;

    @Option(names = "--batch", description = "override the proxy's batch size")
    Integer batch;

    @Option(names = "--seed", defaultValue = "1", description = "training seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--latency-runs", defaultValue = "50",
            description = "timed ONNX Runtime runs of the 112x112 embedder at batch 1 (0: do not measure; default ${DEFAULT-VALUE})")
    int latencyRuns;

    @Mixin
    TeacherOptions teacher;

    @Option(names = "--teacher-trajectory", description = "folder written by 'facenas teacher train': multi-step KD, student epoch e learning from checkpoint e+1")
    Path trajectory;


    @Option(names = "--kd", description = "none, default[@LAMBDA] (" + KdSettings.DEFAULT + ") or pocketnet|cosine|similarity[+warmup=F][+head][+extra=K][+decay][@LAMBDA]; the weight is inside the spec (default: default with --teacher, else none)")
    String kd;

    @Option(names = "--with-baseline", description = "also train the candidate without KD (same seed) and report noKdAccuracy")
    boolean withBaseline;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (latencyRuns < 0) {
            throw new IllegalArgumentException("--latency-runs " + latencyRuns + " is negative: give 0 (do not measure) or more");
        }
        Architecture architecture = Zoo.resolve(arch);
        ProxySettings preset = org.facenas.records.proxy.ProxyOverrides.parse(proxy);
        if (preset.zeroCostOnly() && (teacher.given() || trajectory != null || kd != null || withBaseline)) {
            throw new IllegalArgumentException("--proxy " + proxy + " trains nothing, so it distils nothing: drop --teacher, "
                    + "--teacher-trajectory, --kd and --with-baseline");
        }
        ProxySettings.Builder derived = preset.derive();
        if (epochs != null) {
            derived.epochs(epochs);
        }
        if (margin != null || scale != null) {
            Margin.Kind kind = margin != null ? Margin.Kind.parse(margin) : preset.margin().kind();
            derived.margin(Margin.of(kind, scale != null ? scale : preset.margin().scale()));
        }
        if (batch != null) {
            derived.batchSize(batch);
        }
        ProxySettings settings = derived.build();
        Path data = dataset.data();
        Path people = dataset.trainPeople();
        List<Path> verification = dataset.verification();
        if (teacher.given()) {
            teacher.spec(); // a --teacher that is no model file is an error now, not after the data has loaded
        }
        // ND4J's SameDiff prints to System.out; keep stdout for the result (picocli's writer holds the real one)
        CandidateResult r;
        try (StdoutReservation reserved = StdoutReservation.begin()) {
            SourceProxyData proxyData = SourceProxyData.load(data, people, verification, settings, SourceProxyData.DEFAULT_SUBSET_SEED);
            boolean hasTeacher = teacher.given() || trajectory != null;
            KdSettings kdSettings = KdSettings.parse(kd == null ? (hasTeacher ? "default" : "none") : kd, null);
            if (kdSettings != null && !hasTeacher) {
                throw new IllegalArgumentException("--kd " + kd + " needs a --teacher ONNX model or a --teacher-trajectory folder");
            }
            DistillationSource.Teacher from = kdSettings == null ? null : trajectory != null ? DistillationSource.Teacher.trajectory(trajectory)
                    : DistillationSource.Teacher.onnx(teacher.spec());
            DistillationSource.Loader load = s -> SourceProxyData.load(data, people, verification, s, SourceProxyData.DEFAULT_SUBSET_SEED);
            Distillation distillation = DistillationSource.of(kdSettings, from, teacher.cache())
                    .prepare(settings, load.reusing(settings, proxyData)).distillation();
            r = EvaluatorBuilder.of(settings, proxyData).distillation(distillation).latencyRuns(settings.zeroCostOnly() ? 0 : latencyRuns).build()
                    .evaluate(architecture, seed);
            if (withBaseline && kdSettings != null) {
                CandidateResult plain = EvaluatorBuilder.of(settings, proxyData).build().evaluate(architecture, seed);
                r = r.withNoKdAccuracy(plain.accuracy());
            }
        }
        // the whole run's peak: data, training, scoring and the ONNX export
        r = r.withPeakRss();
        PrintWriter out = spec.commandLine().getOut();
        if (settings.zeroCostOnly()) {
            ZeroCostOutput.print(out, r, json);
            out.flush();
            return r.ok() ? 0 : 1;
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
        } else {
            out.printf(Locale.ROOT, "%s%n%s proxy=%s seed=%d%n", r.blockString(), r.status(), r.proxy(), r.seed());
            if (r.ok()) {
                out.printf(Locale.ROOT, "accuracy %.4f +- %.4f (raw pixels %.4f)  TAR@FAR1e-3 %s  AUC %s%n", r.accuracy(),
                        r.accuracyStd(), r.pixelBaselineAccuracy(), r.tarAtFar1e3() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", r.tarAtFar1e3()),
                        PlusMinus.of(r.rocAuc(), r.rocAucStd()));
                if (r.verification().size() > 1) {
                    for (VerificationScore v : r.verification()) {
                        out.printf(Locale.ROOT, "  %-20s %5d pairs  accuracy %.4f +- %.4f (raw pixels %s)  TAR@FAR1e-3 %s  AUC %s%n", v.set(),
                                v.pairs(), v.accuracy(), v.accuracyStd(), v.pixelBaselineAccuracy() == null ? "n/a"
                                        : String.format(Locale.ROOT, "%.4f", v.pixelBaselineAccuracy()),
                                v.tarAtFar1e3() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v.tarAtFar1e3()), PlusMinus.of(v.rocAuc(), v.rocAucStd()));
                    }
                }
            } else {
                out.println("failed: " + r.failure());
            }
            if (!"none".equals(r.kd())) {
                out.printf(Locale.ROOT, "kd %s  student-teacher cosine %s  accuracy without KD %s%n", r.kd(),
                        r.studentTeacherCosine() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", r.studentTeacherCosine()),
                        r.noKdAccuracy() == null ? "not measured (--with-baseline)" : String.format(Locale.ROOT, "%.4f", r.noKdAccuracy()));
            }
            out.printf(Locale.ROOT, "latency %s ms (ONNX Runtime, 112x112, batch 1, one thread, median)%n",
                    r.latencyMs() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", r.latencyMs()));
            out.printf(Locale.ROOT, "params %,d  MACs %,d  MFLOPs %.1f  train %.1f s (%.1f img/s, final loss %s)  eval %.1f s  skipped images %d%n",
                    r.params(), r.macs(), r.mflops(), r.trainSeconds(), r.imagesPerSecond(), r.finalLoss(), r.evalSeconds(), r.skippedImages());
            out.printf(Locale.ROOT, "peak resident memory %s MiB (VmHWM)%n", r.peakRssMb() == null ? "n/a" : r.peakRssMb());
        }
        out.flush();
        return r.ok() ? 0 : 1;
    }
}

package org.facenas.evaluator.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.evaluator.CandidateResult;
import org.facenas.evaluator.data.FolderProxyData;
import org.facenas.evaluator.train.ProxySettings;
import org.facenas.evaluator.train.KdSettings;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.zoo.Zoo;
import org.facenas.searchspace.cli.StdoutReservation;
import org.facenas.evaluator.EvaluatorBuilder;
import org.facenas.evaluator.train.Distillation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facenas bench kd}: the same candidate trained without and with knowledge distillation over several
 * seeds, with the student-teacher cosine, and the time the teacher-embedding cache saves on a second use.
 */
@Command(name = "kd", mixinStandardHelpOptions = true,
        description = "Accuracy with and without KD over seeds (mean, std), student-teacher cosine, teacher cache reuse.")
final class BenchKdCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", defaultValue = "mobilefacenet", description = "zoo name or block string (default ${DEFAULT-VALUE})")
    String arch;

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

    @Option(names = "--seeds", defaultValue = "3", description = "(default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--kd", split = ",", defaultValue = "none,pocketnet",
            description = "variants to run, among none, pocketnet, similarity (default ${DEFAULT-VALUE}); split them over processes to run in parallel")
    List<String> kinds;

    @Option(names = "--lambda", split = ",", description = "KD weights to try (default: each variant's default)")
    List<Double> lambdas;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Architecture a = Zoo.resolve(arch);
        ProxySettings p = ProxySettings.preset(proxy);
        if (epochs != null) {
            p = p.derive().epochs(epochs).build();
        }
        try (StdoutReservation reserved = StdoutReservation.begin()) {
            dataset.defaultData(Path.of("../shared/datasets/celeba112"));
            FolderProxyData base = FolderProxyData.load(dataset.data(), dataset.trainPeople(), dataset.pairs(), p);
            TeacherSpec t = teacher.defaultTeacher(Path.of("../shared/models/faceplugin/fr_feature.onnx")).spec();
            var first = base.teacherEmbeddings(teacher.cache(), t, 2);
            var second = base.teacherEmbeddings(teacher.cache(), t, 2);
            out.printf(Locale.ROOT, "teacher embeddings of %d training images (+ mirrors): first use %.1f s (%s), second use %.2f s (%s)%n",
                    first.embeddings().keys().size(), first.seconds(), first.reused() ? "cache" : "computed", second.seconds(),
                    second.reused() ? "cache" : "computed");
            out.printf(Locale.ROOT, "%s, proxy %s, %d seeds%n", Zoo.nameOf(a).orElse(a.blockString()), p.describe(), seeds);
            out.flush();
            List<KdSettings> variants = new ArrayList<>();
            for (String k : kinds) {
                if ("none".equals(k)) {
                    variants.add(null);
                } else if (lambdas == null) {
                    variants.add(KdSettings.parse(k, null));
                } else {
                    for (double l : lambdas) {
                        variants.add(KdSettings.parse(k, l));
                    }
                }
            }
            out.printf(Locale.ROOT, "%-28s %-26s %8s %8s %10s%n", "kd", "accuracy per seed", "mean", "std", "cos(s,t)");
            for (KdSettings kd : variants) {
                List<Double> acc = new ArrayList<>();
                List<Double> cos = new ArrayList<>();
                for (int s = 1; s <= seeds; s++) {
                    CandidateResult r = EvaluatorBuilder.of(p, base)
                            .distillation(kd == null ? null : Distillation.from(kd, first.embeddings())).build().evaluate(a, s);
                    acc.add(r.accuracy() == null ? Double.NaN : r.accuracy());
                    if (r.studentTeacherCosine() != null) {
                        cos.add(r.studentTeacherCosine());
                    }
                }
                double mean = acc.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                double std = Math.sqrt(acc.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / Math.max(1, acc.size() - 1));
                out.printf(Locale.ROOT, "%-28s %-26s %8.4f %8.4f %10s%n", kd == null ? "none" : kd.describe(),
                        acc.stream().map(x -> String.format(Locale.ROOT, "%.4f", x)).toList(), mean, std,
                        cos.isEmpty() ? "-" : String.format(Locale.ROOT, "%.3f", cos.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
                out.flush();
            }
        }
        return 0;
    }
}

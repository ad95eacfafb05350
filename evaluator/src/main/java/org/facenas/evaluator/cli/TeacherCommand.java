package org.facenas.evaluator.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facenas.data.image.FaceImageLoader;
import org.facenas.data.image.FaceLoadResult;
import org.facenas.distill.teacher.OnnxTeacher;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.evaluator.FolderProxyData;
import org.facenas.evaluator.PairScores;
import org.facenas.evaluator.proxy.ProxySettings;
import org.facenas.evaluator.train.Embeddings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facenas teacher score}: a teacher's own verification accuracy, with the evaluator's protocol. */
@Command(name = "teacher", mixinStandardHelpOptions = true, description = "Teachers for knowledge distillation.",
        subcommands = {TeacherCommand.Score.class})
public final class TeacherCommand {

    @Command(name = "score", mixinStandardHelpOptions = true,
            description = "Score an ONNX teacher on held-out pairs (10 folds, image + mirror embeddings summed): the ceiling students chase.")
    static final class Score implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--teacher", required = true, description = "ONNX face-embedding model")
        Path teacher;

        @Option(names = "--data", required = true, description = "dataset folder")
        Path data;

        @Option(names = "--pairs", description = "pairs file (default DATA/pairsDevTest.txt)")
        Path pairs;

        @Option(names = "--input", defaultValue = "112", description = "teacher input size (default ${DEFAULT-VALUE})")
        int input;

        @Option(names = "--mean", defaultValue = "127", description = "(p - mean) * scale (default ${DEFAULT-VALUE})")
        float mean;

        @Option(names = "--scale", defaultValue = "0.0078125", description = "(default ${DEFAULT-VALUE})")
        float scale;

        @Option(names = "--dim", defaultValue = "512", description = "embedding size (default ${DEFAULT-VALUE})")
        int dim;

        @Override
        public Integer call() {
            Path pairFile = pairs != null ? pairs : data.resolve("pairsDevTest.txt");
            // only the pairs are needed: the training side is loaded at its smallest
            ProxySettings minimal = new ProxySettings("pairs-only", 16, 1, 2, 1e-3, 0, 2, 1, 0, false,
                    ProxySettings.MarginKind.COSFACE, 32, 0.5, 0.35);
            FolderProxyData d = FolderProxyData.load(data, data.resolve("peopleDevTrain.txt"), pairFile, minimal);
            TeacherSpec t = TeacherSpec.onnx(teacher, input, mean, scale, dim);
            long start = System.nanoTime();
            List<float[]> vectors = new ArrayList<>();
            try (OnnxTeacher onnx = OnnxTeacher.open(t, Runtime.getRuntime().availableProcessors())) {
                FaceLoadResult plain = FaceImageLoader.with(t.preprocessing()).load(d.scoringFiles());
                FaceLoadResult mirrored = FaceImageLoader.with(t.preprocessing().withFlip(true)).load(d.scoringFiles());
                if (plain.skippedCount() > 0) {
                    throw new IllegalArgumentException(plain.skippedCount() + " pair images became unreadable while scoring");
                }
                int n = plain.loaded().size();
                for (int i = 0; i < n; i++) {
                    float[] a = onnx.embed(plain.loaded().get(i).tensor().data(), 1)[0];
                    float[] b = onnx.embed(mirrored.loaded().get(i).tensor().data(), 1)[0];
                    float[] sum = new float[a.length];
                    for (int j = 0; j < a.length; j++) {
                        sum[j] = a[j] + b[j];
                    }
                    vectors.add(Embeddings.l2Normalised(sum));
                }
            }
            PairScores s = d.pairs().score(vectors);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s on %s (%d pairs, %d images): accuracy %.4f +- %.4f, TAR@FAR1e-3 %s, AUC %.4f (%.1f s)%n",
                    teacher.getFileName(), pairFile.getFileName(), d.pairCount(), vectors.size(), s.accuracy(), s.accuracyStd(),
                    s.tarAtFar1e3() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", s.tarAtFar1e3()), s.rocAuc(),
                    (System.nanoTime() - start) / 1e9);
            out.flush();
            return 0;
        }
    }
}

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
import org.facenas.evaluator.data.FolderProxyData;
import org.facenas.evaluator.score.PairScores;
import org.facenas.evaluator.train.ProxySettings;
import org.facenas.evaluator.score.Embeddings;
import org.facenas.searchspace.cli.StdoutReservation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facenas teacher score}: a teacher's own verification accuracy, with the evaluator's protocol. */
@Command(name = "teacher", mixinStandardHelpOptions = true, description = "Teachers for knowledge distillation.",
        subcommands = {TeacherCommand.Score.class, TeacherCommand.Train.class})
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

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a (larger) zoo architecture as a teacher, writing an ONNX checkpoint per epoch (its trajectory).")
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--arch", required = true, description = "zoo name or block string")
        String arch;

        @Option(names = "--data", required = true, description = "dataset folder")
        Path data;

        @Option(names = "--epochs", required = true, description = "epochs (one checkpoint each)")
        int epochs;

        @Option(names = "--margin", defaultValue = "arcface", description = "arcface or cosface (default ${DEFAULT-VALUE})")
        String margin;

        @Option(names = "--scale", defaultValue = "32", description = "margin scale s (default ${DEFAULT-VALUE}; s=64 did not train from scratch here)")
        double scale;

        @Option(names = "--batch", defaultValue = "32", description = "(default ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--identities", defaultValue = "0", description = "first N training identities (default all)")
        int identities;

        @Option(names = "--images-per-identity", defaultValue = "0", description = "(default all)")
        int imagesPerIdentity;

        @Option(names = "--seed", defaultValue = "1", description = "(default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--out", required = true, description = "folder for teacher-epochN.onnx and teacher.json")
        Path out;

        @Override
        public Integer call() throws Exception {
            org.facenas.searchspace.arch.Architecture a = org.facenas.searchspace.zoo.Zoo.resolve(arch);
            ProxySettings.MarginKind kind = switch (margin.toLowerCase(Locale.ROOT)) {
                case "arcface" -> ProxySettings.MarginKind.ARCFACE;
                case "cosface" -> ProxySettings.MarginKind.COSFACE;
                default -> throw new IllegalArgumentException("unknown margin '" + margin + "': use arcface or cosface");
            };
            ProxySettings p = new ProxySettings("teacher", 112, epochs, batch, 2e-3, 5e-4, identities, imagesPerIdentity, 0, true,
                    kind, scale, 0.5, 0.35);
            PrintWriter w = spec.commandLine().getOut();
            try (StdoutReservation reserved = StdoutReservation.begin()) {
                FolderProxyData d = FolderProxyData.load(data, data.resolve("peopleDevTrain.txt"), data.resolve("pairsDevTest.txt"), p);
                org.facenas.searchspace.graph.NetworkGraph graph = org.facenas.searchspace.graph.NetworkGraph.of(a, 112);
                int steps = Math.max(1, d.train().count() / Math.min(batch, d.train().count()));
                org.deeplearning4j.nn.graph.ComputationGraph net = new org.facenas.evaluator.train.MarginTrainingNetworks()
                        .build(graph, p, d.train().classes(), seed, steps * epochs);
                org.facenas.evaluator.data.ShuffledBatches batches = new org.facenas.evaluator.data.ShuffledBatches(d.train(), batch, true, seed, List.of());
                java.nio.file.Files.createDirectories(out);
                for (int e = 1; e <= epochs; e++) {
                    var stats = org.facenas.evaluator.train.ProxyTrainer.train(net, batches, 1, null);
                    Path file = out.resolve("teacher-epoch" + e + ".onnx");
                    try (var outside = org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                        var embedder = org.facenas.evaluator.dl4j.Embedder.of(net, graph);
                        java.nio.file.Files.write(file, org.facenas.evaluator.onnx.OnnxExporter.export(embedder, graph,
                                String.format(Locale.ROOT, "{\"teacher\":\"%s\",\"epoch\":%d,\"seed\":%d,\"proxy\":\"%s\"}",
                                        a.blockString(), e, seed, p.describe())));
                    }
                    w.printf(Locale.ROOT, "epoch %d/%d: loss %.3f, %.1f img/s -> %s%n", e, epochs, stats.finalLoss(), stats.imagesPerSecond(), file);
                    w.flush();
                }
                // how to use the checkpoints as teachers: FaceNAS preprocessing, the architecture's embedding size
                java.nio.file.Files.writeString(out.resolve("teacher.json"), String.format(Locale.ROOT,
                        "{\"blockString\":\"%s\",\"inputSize\":112,\"mean\":127.5,\"scale\":0.0078125,\"embeddingSize\":%d,\"epochs\":%d}%n",
                        a.blockString(), a.head().embeddingSize(), epochs));
            } finally {
                org.facenas.evaluator.dl4j.ThreadWorkspaces.release();
            }
            w.println(out.toAbsolutePath().normalize());
            w.flush();
            return 0;
        }
    }
}

package org.facenas.evaluator.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facenas.cli.Outputs;
import org.facenas.cli.StdoutReservation;
import org.facenas.distill.teacher.OnnxTeacher;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.score.Embeddings;
import org.facenas.records.PairScores;
import org.facenas.records.PlusMinus;
import org.facenas.records.proxy.Margin;
import org.facenas.records.proxy.ProxySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

        @Mixin
        TeacherOptions teacher;

        @Mixin
        DatasetOptions dataset;


        @Override
        public Integer call() {
            Path pairFile = dataset.pairs();
            // only the pairs are needed: the training side is loaded at its smallest
            ProxySettings minimal = ProxySettings.fullTraining(1).derive().name("pairs-only").inputSize(16).batchSize(2)
                    .trainSubset(2, 1).flip(false).build();
            SourceProxyData d = SourceProxyData.load(dataset.data(), dataset.trainPeople(), pairFile, minimal);
            TeacherSpec t = teacher.spec();
            long start = System.nanoTime();
            List<float[]> vectors = new ArrayList<>();
            try (OnnxTeacher onnx = OnnxTeacher.open(t, Runtime.getRuntime().availableProcessors())) {
                org.facenas.data.image.FacePreprocessing straight = t.preprocessing().withFlip(false);
                org.facenas.data.image.FacePreprocessing mirror = t.preprocessing().withFlip(true);
                for (byte[] encoded : d.scoringEncoded()) {
                    org.facenas.data.image.RgbImage img;
                    try {
                        img = org.facenas.data.image.ImageDecoding.decode(encoded);
                    } catch (java.io.IOException e) {
                        throw new IllegalArgumentException("a pair image became unreadable while scoring: " + e.getMessage());
                    }
                    float[] a = onnx.embed(straight.apply(img).data(), 1)[0];
                    float[] b = onnx.embed(mirror.apply(img).data(), 1)[0];
                    float[] sum = new float[a.length];
                    for (int j = 0; j < a.length; j++) {
                        sum[j] = a[j] + b[j];
                    }
                    vectors.add(Embeddings.l2Normalised(sum));
                }
            }
            PairScores s = d.pairs().score(vectors);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s on %s (%d pairs, %d images): accuracy %.4f +- %.4f, TAR@FAR1e-3 %s, AUC %s (%.1f s)%n",
                    t.model().getFileName(), Path.of(d.subset().verification()).getFileName(), d.pairCount(), vectors.size(), s.accuracy(), s.accuracyStd(),
                    s.tarAtFar1e3() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", s.tarAtFar1e3()), PlusMinus.of(s.rocAuc(), s.rocAucStd()),
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

        @Mixin
        DatasetOptions dataset;

        @Mixin
        TrainingOptions training;

        @Option(names = "--margin", defaultValue = "arcface", description = "arcface or cosface (default ${DEFAULT-VALUE})")
        String margin;

        @Option(names = "--scale", defaultValue = "32", description = "margin scale s (default ${DEFAULT-VALUE}; s=64 did not train from scratch here)")
        double scale;

        @Option(names = "--seed", defaultValue = "1", description = "(default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--input", defaultValue = "112",
                description = "input size in pixels, 16-112 (default ${DEFAULT-VALUE}; a 64-px teacher trains about 3x faster than a 112-px one)")
        int input;

        @Option(names = "--out", required = true, description = "folder for teacher-epochN.onnx and teacher.json (new or empty)")
        Path out;

        @Mixin
        Outputs outputs;

        @Override
        public Integer call() throws Exception {
            // a trajectory is read whole: left-over checkpoints of another training would join it
            outputs.folder("--out", out);
            Outputs.notInto("--out", out, "--data", dataset.data());
            org.facenas.searchspace.arch.Architecture a = org.facenas.searchspace.zoo.Zoo.resolve(arch);
            if (input < 16 || input > 112) {
                throw new IllegalArgumentException("--input must be 16-112 pixels, got " + input);
            }
            ProxySettings p = training.fullTraining().name("teacher").inputSize(input).margin(Margin.of(Margin.Kind.parse(margin), scale)).build();
            int epochs = p.epochs();
            int batch = p.batchSize();
            PrintWriter w = spec.commandLine().getOut();
            try (StdoutReservation reserved = StdoutReservation.begin()) {
                SourceProxyData d = SourceProxyData.load(dataset.data(), dataset.trainPeople(), dataset.pairs(), p);
                org.facenas.searchspace.graph.NetworkGraph graph = org.facenas.searchspace.graph.NetworkGraph.of(a, input);
                int steps = Math.max(1, d.train().count() / Math.min(batch, d.train().count()));
                org.deeplearning4j.nn.graph.ComputationGraph net = new org.facenas.evaluator.train.MarginTrainingNetworks()
                        .build(graph, p, d.train().classes(), seed, steps * epochs);
                org.facenas.evaluator.data.ShuffledBatches batches = new org.facenas.evaluator.data.ShuffledBatches(d.train(), batch, true, seed, List.of());
                java.nio.file.Files.createDirectories(out);
                for (Path stale : org.facenas.distill.teacher.TeacherTrajectory.checkpoints(out)) {
                    java.nio.file.Files.delete(stale); // --force: a checkpoint of an earlier training is not one of this
                }
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
                        "{\"blockString\":\"%s\",\"inputSize\":%d,\"mean\":127.5,\"scale\":0.0078125,\"embeddingSize\":%d,\"epochs\":%d}%n",
                        a.blockString(), input, a.head().embeddingSize(), epochs));
            } finally {
                org.facenas.evaluator.dl4j.ThreadWorkspaces.release();
            }
            w.println(out.toAbsolutePath().normalize());
            w.flush();
            return 0;
        }
    }
}

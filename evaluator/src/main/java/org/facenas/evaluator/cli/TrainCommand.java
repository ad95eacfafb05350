package org.facenas.evaluator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.cli.Outputs;
import org.facenas.cli.StdoutReservation;
import org.facenas.evaluator.EvaluatorBuilder;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.export.Provenance;
import org.facenas.evaluator.export.TrainedModel;
import org.facenas.evaluator.train.Distillation;
import org.facenas.evaluator.train.DistillationSource;
import org.facenas.records.ArchitectureReference;
import org.facenas.records.CandidateResult;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.zoo.Zoo;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facenas train}: full training of an architecture at 112x112 (all training identities, KD if asked),
 * scored on held-out pairs and written in every export format: the path from a search result to a deployable model.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train an architecture or an export fully at 112x112 and export it.")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--arch", description = "zoo name or block string")
        String arch;

        @Option(names = "--from", description = "a FaceNAS export (.json or DL4J .zip)")
        Path from;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin
    DatasetOptions dataset;

    @Mixin
    FullTrainingOptions training;

    @Option(names = "--input", defaultValue = "112", description = "training input size: 112 only, since exports are 112x112 embedders (default ${DEFAULT-VALUE})")
    int input;

    @Option(names = "--seed", description = "training seed (default: the export's, else 1)")
    Long seed;

    @Mixin
    TeacherOptions teacher;

    @Option(names = "--kd", defaultValue = "default",
            description = "with --teacher: default[@LAMBDA] (" + KdSettings.DEFAULT + ") or pocketnet|cosine|similarity[+warmup=F][+head][+extra=K][+decay][@LAMBDA] (default ${DEFAULT-VALUE})")
    String kd;

    @Option(names = "--out", required = true, description = "output folder (new or empty): model.json, model.zip (DL4J), model.onnx, model.py + model.pt (PyTorch)")
    Path out;

    @Mixin
    Outputs outputs;

    @Override
    public Integer call() throws Exception {
        outputs.folder("--out", out);
        Outputs.notInto("--out", out, "--data", dataset.data());
        if (source.from != null) {
            Outputs.notInto("--out", out, "--from", source.from);
        }
        String blockString;
        long trainSeed = seed == null ? 1 : seed;
        if (source.arch != null) {
            blockString = Zoo.resolve(source.arch).blockString();
        } else {
            String name = source.from.getFileName().toString();
            String json = name.endsWith(".zip") ? ArchitectureReference.provenanceOfDl4j(source.from) : Files.readString(source.from);
            JsonNode export = new ObjectMapper().readTree(json);
            if (!export.hasNonNull("blockString")) {
                throw new IllegalArgumentException(source.from + " is not a FaceNAS export (no blockString)");
            }
            blockString = export.get("blockString").asText();
            if (seed == null && export.path("provenance").has("seed")) {
                trainSeed = export.path("provenance").get("seed").asLong();
            }
        }
        Architecture a = Architecture.parse(blockString);
        if (input != 112) {
            throw new IllegalArgumentException("--input " + input + ": exports are 112x112 embedders; train at 112");
        }
        ProxySettings full = training.settings();
        Path data = dataset.data();
        Path people = dataset.trainPeople();
        List<Path> pairs = dataset.verification();
        CandidateResult r;
        AtomicReference<ComputationGraph> trained = new AtomicReference<>();
        SourceProxyData d;
        try (StdoutReservation reserved = StdoutReservation.begin()) {
            d = SourceProxyData.load(data, people, pairs, full, SourceProxyData.DEFAULT_SUBSET_SEED);
            KdSettings kdSettings = teacher.given() ? KdSettings.parse(kd, null) : null;
            DistillationSource.Loader load = s -> SourceProxyData.load(data, people, pairs, s, SourceProxyData.DEFAULT_SUBSET_SEED);
            Distillation distillation = DistillationSource.of(kdSettings, kdSettings == null ? null : DistillationSource.Teacher.onnx(teacher.spec()),
                    teacher.cache()).prepare(full, load.reusing(full, d)).distillation();
            r = EvaluatorBuilder.of(full, d).distillation(distillation).latencyRuns(50)
                    .keepingTrainedEmbedders(trained::set).build().evaluate(a, trainSeed);
        }
        if (!r.ok() || trained.get() == null) {
            throw new IllegalStateException("training failed: " + r.failure());
        }
        TrainedModel.write(out, a, trained.get(), r, Provenance.Run.standalone("train"), data, d, people, full.epochs(), input);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "accuracy %.4f +- %.4f (raw pixels %.4f), ROC AUC %s, latency %.2f ms, %.0f s training%n", r.accuracy(),
                r.accuracyStd(), r.pixelBaselineAccuracy(), org.facenas.records.PlusMinus.of(r.rocAuc(), r.rocAucStd()), r.latencyMs(),
                r.trainSeconds());
        w.println(out.toAbsolutePath().normalize());
        w.flush();
        return 0;
    }
}

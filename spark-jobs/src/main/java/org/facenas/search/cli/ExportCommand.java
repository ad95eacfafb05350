package org.facenas.search.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.cli.Outputs;
import org.facenas.data.source.FaceSource;
import org.facenas.evaluator.dl4j.Embedder;
import org.facenas.evaluator.export.ArchitectureExport;
import org.facenas.evaluator.export.Provenance;
import org.facenas.results.CandidateRecord;
import org.facenas.results.FrontRow;
import org.facenas.results.RunFront;
import org.facenas.results.RunRecord;
import org.facenas.results.SearchConfig;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.graph.NetworkGraph;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code facenas export RUN_DIR --rank K|--arch BLOCKSTRING --format json|dl4j|onnx|pytorch --out PATH}: a winner of a run,
 * to train fully elsewhere (or with {@code facenas train}). A search keeps no proxy weights (they are trained at a
 * proxy resolution), so dl4j and onnx exports hold the 112x112 embedder freshly initialised with the run's seed.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export an architecture of a run as json, dl4j, onnx or pytorch (a folder: model.py, model.pt).")
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "run directory")
    Path run;

    static final class Which {
        @Option(names = "--rank", description = "rank on the run's front (see facenas front, sorted by the run's quality score)")
        Integer rank;

        @Option(names = "--arch", description = "a block string the run evaluated")
        String arch;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--format", defaultValue = "json", description = "json, dl4j, onnx or pytorch (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", required = true, description = "output file, a folder for pytorch (new; --force to replace)")
    Path out;

    @Mixin
    Outputs outputs;

    @Override
    public Integer call() {
        ArchitectureExport.Format f = ArchitectureExport.Format.parse(format);
        RunRecord.refuseAsOutput("--out", out);
        if (f == ArchitectureExport.Format.PYTORCH) {
            outputs.folder("--out", out);
        } else {
            outputs.file("--out", out);
        }
        RunRecord record = RunRecord.open(run);
        String blockString;
        if (which.rank != null) {
            List<FrontRow> front = RunFront.of(record, null, null, "score");
            if (which.rank < 1 || which.rank > front.size()) {
                throw new IllegalArgumentException("--rank " + which.rank + " is not on the front of " + record.runId() + " (ranks 1.."
                        + front.size() + "; see facenas front " + run + ")");
            }
            blockString = front.get(which.rank - 1).blockString();
        } else {
            blockString = Architecture.parse(which.arch).blockString();
        }
        CandidateRecord c = record.candidate(blockString).orElseThrow(() -> new IllegalArgumentException(
                "run " + record.runId() + " did not evaluate " + blockString + "; see facenas front " + run));
        Architecture a = Architecture.parse(blockString);
        Provenance p = provenance(record, c, "initialised (seed " + c.result().seed() + "), not trained: train it with facenas train");
        ComputationGraph embedder = f == ArchitectureExport.Format.JSON ? null
                : Embedder.create(NetworkGraph.of(a, CostModel.DEFAULT_INPUT_SIZE), c.result().seed());
        ArchitectureExport.write(f, out, a, embedder, c.result(), p);
        spec.commandLine().getOut().println(out.toAbsolutePath().normalize());
        spec.commandLine().getOut().flush();
        return 0;
    }

    static Provenance provenance(RunRecord record, CandidateRecord c, String weights) {
        SearchConfig config = record.config();
        Path data = Path.of(config.data());
        FaceSource.Format format = null;
        List<Path> sets = config.verificationFiles();
        if (Files.isDirectory(data)) {
            // the sets the candidates were scored on: the config's, or a RecordIO set's own .bin when it named none it holds
            try (FaceSource source = FaceSource.open(data)) {
                format = source.format();
                sets = source.verification(sets);
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                // the folder moved or changed since the run: keep what the config named
            }
        }
        Path people = data.resolve(config.trainPeople());
        String trainPeople = format == FaceSource.Format.INSIGHTFACE_RECORDIO && !Files.exists(people) ? "all identities of train.rec"
                : people.toString();
        return Provenance.of(c.result()).run(new Provenance.Run(c.runId(), c.genotype()))
                .data(Provenance.Dataset.of(data, format, c.dataHash(), trainPeople,
                        sets.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList()))
                .weights(weights).build();
    }
}

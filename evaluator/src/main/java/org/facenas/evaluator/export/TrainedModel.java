package org.facenas.evaluator.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.records.CandidateResult;
import org.facenas.searchspace.arch.Architecture;

/**
 * A fully trained embedder written in every export format (model.json, model.zip for DL4J, model.onnx, model.py and
 * model.pt for PyTorch), each with
 * the same provenance: what {@code facenas train} and {@code facenas retrain} leave in their output folders.
 */
public final class TrainedModel {

    public static final String JSON = "model.json";
    public static final String DL4J = "model.zip";
    public static final String ONNX = "model.onnx";

    private TrainedModel() {
    }

    /**
     * @param run     the run the training belongs to ({@link Provenance.Run#standalone} for a lone training)
     * @param data    the data folder the model trained on
     * @param loaded  the data as loaded (its subset, format and listing hash go into the provenance)
     * @param people  the training identities file, or null for every identity of a RecordIO set
     */
    public static void write(Path out, Architecture a, ComputationGraph trained, CandidateResult r, Provenance.Run run, Path data,
                             SourceProxyData loaded, Path people, int epochs, int input) throws IOException {
        SourceProxyData.Subset subset = loaded.subset();
        Provenance p = Provenance.of(r).run(run)
                .data(Provenance.Dataset.of(data, subset.format(), loaded.datasetListingHash(),
                        people == null ? "all identities of train.rec" : people.toString(), subset.verificationSets()))
                .weights(String.format(Locale.ROOT, "trained %d epochs at %dx%d (verification %.4f on %s)", epochs, input, input,
                        r.accuracy(), Path.of(subset.verification()).getFileName()))
                .build();
        Files.createDirectories(out);
        ArchitectureExport.write(ArchitectureExport.Format.JSON, out.resolve(JSON), a, trained, r, p);
        ArchitectureExport.write(ArchitectureExport.Format.DL4J, out.resolve(DL4J), a, trained, r, p);
        ArchitectureExport.write(ArchitectureExport.Format.ONNX, out.resolve(ONNX), a, trained, r, p);
        ArchitectureExport.write(ArchitectureExport.Format.PYTORCH, out, a, trained, r, p);
    }
}

package org.facenas.evaluator.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.facenas.evaluator.onnx.OnnxExporter;
import org.facenas.evaluator.pytorch.PyTorchExporter;
import org.facenas.records.ArchitectureReference;
import org.facenas.records.CandidateResult;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.graph.NetworkGraph;

/**
 * Writes an architecture (and an embedder with its weights) as JSON, a DL4J model zip, ONNX or PyTorch (a folder with
 * {@value #PYTORCH_STEM}.py and {@value #PYTORCH_STEM}.pt), provenance inside.
 */
public final class ArchitectureExport {

    public static final String PROVENANCE_ENTRY = ArchitectureReference.PROVENANCE_ENTRY;
    public static final String FORMAT_VERSION = "facenas-export/1";
    /** File stem of the PyTorch export's module and state_dict inside its folder. */
    public static final String PYTORCH_STEM = "model";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ArchitectureExport() {
    }

    public enum Format {
        JSON, DL4J, ONNX, PYTORCH;

        public static Format parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown export format '" + s + "': use json, dl4j, onnx or pytorch");
            }
        }
    }

    /** The JSON export: block string, expanded architecture, analytical costs, scores, provenance. */
    public static ObjectNode json(Architecture a, CandidateResult scores, Provenance provenance) {
        Cost c = CostModel.of(a);
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT_VERSION);
        root.put("blockString", a.blockString());
        root.set("architecture", JSON.valueToTree(a));
        ObjectNode cost = root.putObject("cost");
        cost.put("inputSize", CostModel.DEFAULT_INPUT_SIZE);
        cost.put("params", c.params());
        cost.put("macs", c.macs());
        cost.put("flops", c.flops());
        cost.put("mflops", c.mflops());
        cost.put("sizeBytes", c.sizeBytes());
        root.set("scores", scores == null ? null : JSON.valueToTree(scores));
        root.set("provenance", JSON.valueToTree(provenance));
        return root;
    }

    /** Writes {@code embedder} (built from {@code a} at 112x112) in {@code format} to {@code out} (a folder for PYTORCH). */
    public static void write(Format format, Path out, Architecture a, ComputationGraph embedder, CandidateResult scores,
                             Provenance provenance) {
        try {
            if (format == Format.PYTORCH) {
                PyTorchExporter.write(out, PYTORCH_STEM, embedder, NetworkGraph.of(a, CostModel.DEFAULT_INPUT_SIZE),
                        JSON.writeValueAsString(json(a, scores, provenance)));
                return;
            }
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            String json = JSON.writeValueAsString(json(a, scores, provenance));
            switch (format) {
                case JSON -> Files.writeString(out, json);
                case DL4J -> {
                    // after a training DL4J can leave a workspace current on this thread; serialise outside it
                    try (var outside = org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                        ModelSerializer.writeModel(embedder, out.toFile(), false);
                    }
                    ModelSerializer.addObjectToFile(out.toFile(), PROVENANCE_ENTRY, json);
                }
                case ONNX -> Files.write(out, OnnxExporter.export(embedder, NetworkGraph.of(a, CostModel.DEFAULT_INPUT_SIZE), json));
                default -> throw new IllegalStateException();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export: " + org.facenas.cli.OneLineErrors.describe(e), e);
        }
    }
}

package org.facenas.evaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.facenas.data.SharedData;
import org.facenas.data.onnx.OnnxSession;
import org.facenas.records.ArchitectureReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;

/** facenas train on a small real subset at 112x112: trained weights, scored, exported in every format that agree. */
class TrainCommandTest {

    static final Path CELEBA = SharedData.celeba112();
    static final String ARCH = "stem_c16,ir_r1_k3_s2_e2_c24,ir_r1_k3_s2_e2_c32_se0.25,head_c64_gdc_emb32";

    @Test
    void trainsAt112AndExportsAgreeingModelsWithProvenance(@TempDir Path tmp) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new TrainCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--arch", ARCH, "--data", CELEBA.toString(), "--epochs", "1", "--identities", "8",
                "--images-per-identity", "4", "--pairs-per-fold", "6", "--batch", "16", "--out", tmp.toString());
        assertEquals(0, code, out.toString());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("model.json").toFile());
        assertEquals(ARCH, json.get("blockString").asText());
        assertTrue(json.get("provenance").get("weights").asText().startsWith("trained 1 epochs at 112x112"), json.toString());
        assertTrue(json.get("scores").get("accuracy").asDouble() > 0.3);
        assertTrue(json.get("scores").get("latencyMs").asDouble() > 0);
        assertEquals(ARCH, new ObjectMapper().readTree(ArchitectureReference.provenanceOfDl4j(tmp.resolve("model.zip"))).get("blockString").asText());

        ComputationGraph dl4j = ModelSerializer.restoreComputationGraph(tmp.resolve("model.zip").toFile(), false);
        ComputationGraph fresh = org.facenas.evaluator.dl4j.Embedder.create(
                org.facenas.searchspace.graph.NetworkGraph.of(org.facenas.searchspace.arch.Architecture.parse(ARCH), 112), 1);
        assertTrue(!dl4j.params().equalsWithEps(fresh.params(), 1e-6), "the export holds trained weights, not an initialisation");
        float[] x = new float[4 * 3 * 112 * 112];
        Random r = new Random(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        float[][] expected = dl4j.outputSingle(Nd4j.create(x, new long[] {4, 3, 112, 112}, 'c')).toFloatMatrix();
        try (OnnxSession ort = OnnxSession.open(tmp.resolve("model.onnx"), 1)) {
            float[][] actual = ort.embed(x, 4, 3, 112);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < expected[i].length; j++) {
                    assertEquals(expected[i][j], actual[i][j], 1e-4 * Math.max(1, Math.abs(expected[i][j])));
                }
            }
        }
        assertTrue(Files.size(tmp.resolve("model.onnx")) > 10_000);
        // the PyTorch export of the trained weights (PyTorchExporterTest loads such exports in PyTorch)
        assertTrue(Files.readString(tmp.resolve("model.py")).contains("class FaceNasNet(nn.Module)"));
        try (java.util.zip.ZipFile pt = new java.util.zip.ZipFile(tmp.resolve("model.pt").toFile())) {
            assertTrue(pt.getEntry("archive/data.pkl") != null && pt.getEntry("archive/data/0") != null, "a torch.save zip");
        }
    }
}

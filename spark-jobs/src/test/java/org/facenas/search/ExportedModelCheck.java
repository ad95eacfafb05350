package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.facenas.data.onnx.OnnxSession;
import org.facenas.records.ArchitectureReference;
import org.nd4j.linalg.factory.Nd4j;

/** The three export formats of one architecture agree: same block string and provenance, ONNX = DL4J within 1e-4. */
final class ExportedModelCheck {

    private ExportedModelCheck() {
    }

    static String docString(byte[] model) throws java.io.IOException {
        return onnx.Onnx.ModelProto.parseFrom(model).getDocString();
    }

    static void assertOnnxMatchesDl4j(Path onnx, Path zip, Path json, String blockString) {
        try {
            ObjectMapper m = new ObjectMapper();
            JsonNode exported = m.readTree(json.toFile());
            assertEquals(blockString, exported.get("blockString").asText());
            JsonNode provenance = exported.get("provenance");
            for (String field : new String[] {"runId", "seed", "genotype", "proxy", "dataHash", "facenasVersion"}) {
                assertTrue(provenance.hasNonNull(field), "provenance lacks " + field + ": " + provenance);
            }
            assertEquals(2 * exported.get("cost").get("macs").asLong(), exported.get("cost").get("flops").asLong());
            JsonNode inZip = m.readTree(ArchitectureReference.provenanceOfDl4j(zip));
            assertEquals(blockString, inZip.get("blockString").asText());
            JsonNode inOnnx = m.readTree(docString(Files.readAllBytes(onnx)));
            assertEquals(provenance.get("genotype"), inOnnx.get("provenance").get("genotype"));

            ComputationGraph dl4j = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
            try (OnnxSession ort = OnnxSession.open(onnx, 1)) {
                Random r = new Random(1);
                for (int batch : new int[] {1, 8}) {
                    float[] x = new float[batch * 3 * 112 * 112];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = r.nextFloat() * 2 - 1;
                    }
                    float[][] expected = dl4j.outputSingle(Nd4j.create(x, new long[] {batch, 3, 112, 112}, 'c')).toFloatMatrix();
                    float[][] actual = ort.embed(x, batch, 3, 112);
                    assertEquals(batch, actual.length);
                    for (int i = 0; i < batch; i++) {
                        for (int j = 0; j < expected[i].length; j++) {
                            assertEquals(expected[i][j], actual[i][j], 1e-4 * Math.max(1, Math.abs(expected[i][j])),
                                    "batch " + batch + " row " + i + " dim " + j);
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}

package org.facenas.evaluator.onnx;
import org.facenas.distill.teacher.OnnxEmbedderSession;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenetics.util.RandomRegistry;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.network.Embedder;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OnnxExporterTest {

    /** Non-trivial batch-norm statistics and slopes, so that a wrong layout or a dropped parameter shows. */
    static void randomise(ComputationGraph net, long seed) {
        Random r = new Random(seed);
        for (Map.Entry<String, INDArray> p : net.paramTable().entrySet()) {
            INDArray a = p.getValue();
            String k = p.getKey();
            INDArray noise = Nd4j.rand(DataType.FLOAT, a.shape());
            Nd4j.getRandom().setSeed(r.nextLong());
            if (k.endsWith("_var")) {
                a.assign(noise.addi(0.5));
            } else if (k.endsWith("_log10stdev")) {
                a.assign(noise.subi(0.5).muli(0.4));
            } else if (k.endsWith("_mean") || k.endsWith("_beta") || k.endsWith("_b")) {
                a.assign(noise.subi(0.5).muli(0.2));
            } else if (k.endsWith("_gamma")) {
                a.assign(noise.addi(0.5));
            } else if (k.endsWith("_act_W") || k.contains("_act")) {
                a.assign(noise.muli(0.5));
            }
        }
    }

    static float[][] dl4j(ComputationGraph net, float[] nchw, int batch, int size) {
        INDArray out = net.outputSingle(Nd4j.create(nchw, new long[] {batch, 3, size, size}, 'c'));
        return out.toFloatMatrix();
    }

    static void assertOnnxMatchesDl4j(Architecture a, int size, long seed) {
        NetworkGraph graph = NetworkGraph.of(a, size);
        ComputationGraph net = Embedder.create(graph, seed);
        randomise(net, seed);
        byte[] model = OnnxExporter.export(net, graph, "{\"test\":true}");
        Random r = new Random(seed);
        try (OnnxEmbedderSession ort = OnnxEmbedderSession.of(model, 2)) {
            for (int batch : new int[] {1, 8}) {
                float[] x = new float[batch * 3 * size * size];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.nextFloat() * 2 - 1;
                }
                float[][] expected = dl4j(net, x, batch, size);
                float[][] actual = ort.embed(x, batch, 3, size);
                assertEquals(batch, actual.length, a + " batch");
                double scale = 0;
                double worst = 0;
                for (int i = 0; i < batch; i++) {
                    assertEquals(expected[i].length, actual[i].length, a + " embedding size");
                    for (int j = 0; j < expected[i].length; j++) {
                        scale = Math.max(scale, Math.abs(expected[i][j]));
                        worst = Math.max(worst, Math.abs(expected[i][j] - actual[i][j]));
                    }
                }
                assertTrue(scale > 1e-3, a + ": the embedding is all zero, the test would prove nothing");
                assertTrue(worst <= 1e-4 * Math.max(1, scale), a + " batch " + batch + ": ONNX differs from DL4J by "
                        + worst + " (embedding scale " + scale + ")");
            }
        }
    }

    @Test
    void everyZooModelRunsInOnnxRuntimeAsInDl4jAtBatch1And8() {
        for (String name : Zoo.names()) {
            assertOnnxMatchesDl4j(Zoo.get(name), 112, name.hashCode());
        }
    }

    @Test
    void randomSearchSpaceGenotypesExportExactly() {
        ArchitectureCodec codec = ArchitectureCodec.of(SearchSpace.mobileFaceNetSpace());
        RandomGenerator random = new Random(7);
        RandomRegistry.with(random, r -> {
            for (int i = 0; i < 4; i++) {
                Architecture a = codec.decode(codec.encoding().newInstance());
                assertOnnxMatchesDl4j(a, 64, i);
            }
            return null;
        });
    }

    @Test
    void theModelCarriesItsDocStringAndADynamicBatch() throws Exception {
        NetworkGraph graph = NetworkGraph.of(Zoo.get("mobilefacenet"), 112);
        byte[] model = OnnxExporter.export(Embedder.create(graph, 1), graph, "{\"runId\":\"r1\"}");
        onnx.Onnx.ModelProto proto = onnx.Onnx.ModelProto.parseFrom(model);
        assertEquals("{\"runId\":\"r1\"}", proto.getDocString());
        assertEquals("batch", proto.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        assertEquals(OnnxExporter.OPSET, proto.getOpsetImport(0).getVersion());
    }

    @Test
    void latencyProbeMeasuresAPositiveMedian() {
        Double ms = new OnnxLatencyProbe(64, 2, 5).medianMillis(Zoo.get("mobilefacenet"));
        assertTrue(ms != null && ms > 0 && ms < 10_000, "latency " + ms);
    }
}

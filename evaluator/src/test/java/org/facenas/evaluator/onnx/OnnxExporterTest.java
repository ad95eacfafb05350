package org.facenas.evaluator.onnx;
import org.facenas.data.onnx.OnnxSession;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenetics.util.RandomRegistry;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.dl4j.Embedder;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

public class OnnxExporterTest {

    /**
     * Non-trivial batch-norm statistics and slopes, so that a wrong layout or a dropped parameter shows. Standard
     * deviations go down to 0.03 as in trained layers, where batch norm's eps matters; gamma follows them so that
     * activations keep their scale through deep networks.
     */
    public static void randomise(ComputationGraph net, long seed) {
        Random r = new Random(seed);
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            Map<String, INDArray> p = layer.paramTable();
            if (p.containsKey("mean")) {
                long c = p.get("mean").length();
                float[] logStd = new float[(int) c];
                float[] gamma = new float[(int) c];
                for (int i = 0; i < c; i++) {
                    logStd[i] = (float) (-1.5 + 1.7 * r.nextDouble());
                    gamma[i] = (float) (Math.pow(10, logStd[i]) * (0.5 + r.nextDouble()));
                }
                INDArray std = Nd4j.createFromArray(logStd).reshape(p.get("mean").shape());
                if (p.containsKey("log10stdev")) {
                    p.get("log10stdev").assign(std);
                } else {
                    p.get("var").assign(org.nd4j.linalg.ops.transforms.Transforms.pow(Nd4j.valueArrayOf(std.shape(), 10.0, DataType.FLOAT), std, true)
                            .muli(org.nd4j.linalg.ops.transforms.Transforms.pow(Nd4j.valueArrayOf(std.shape(), 10.0, DataType.FLOAT), std, true)));
                }
                p.get("mean").assign(Nd4j.rand(DataType.FLOAT, p.get("mean").shape()).subi(0.5).muli(0.2));
                p.get("gamma").assign(Nd4j.createFromArray(gamma).reshape(p.get("gamma").shape()));
                p.get("beta").assign(Nd4j.rand(DataType.FLOAT, p.get("beta").shape()).subi(0.5).muli(0.2));
            } else if (layer.conf().getLayer() instanceof org.facenas.evaluator.dl4j.PerChannelPReLU) {
                p.get("W").assign(Nd4j.rand(DataType.FLOAT, p.get("W").shape()).muli(0.5));
            } else if (p.containsKey("b")) {
                p.get("b").assign(Nd4j.rand(DataType.FLOAT, p.get("b").shape()).subi(0.5).muli(0.2));
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
        try (OnnxSession ort = OnnxSession.of(model, 2)) {
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

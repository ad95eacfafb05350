package org.facenas.evaluator.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.facenas.evaluator.dl4j.Embedder;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.graph.NetworkGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Dl4jRoundTripTest {

    @Test
    void aSavedEmbedderComputesWhatTheLiveOneDid(@TempDir Path tmp) throws Exception {
        NetworkGraph graph = NetworkGraph.of(Architecture.parse("stem_c16,ir_r1_k3_s2_e2_c24,ir_r1_k3_s2_e2_c32_se0.25,head_c64_gdc_emb32"), 112);
        ComputationGraph live = Embedder.create(graph, 1);
        Nd4j.getRandom().setSeed(5);
        for (Map.Entry<String, INDArray> p : live.paramTable().entrySet()) {
            if (p.getKey().endsWith("_log10stdev") || p.getKey().endsWith("_var") || p.getKey().endsWith("_mean")) {
                p.getValue().assign(Nd4j.rand(DataType.FLOAT, p.getValue().shape()).muli(0.5));
            }
        }
        Path zip = tmp.resolve("m.zip");
        ModelSerializer.writeModel(live, zip.toFile(), false);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 112, 112);
        float[][] a = live.outputSingle(x).toFloatMatrix();
        float[][] b = restored.outputSingle(x).toFloatMatrix();
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                assertEquals(a[i][j], b[i][j], 1e-5 * Math.max(1, Math.abs(a[i][j])), "row " + i + " dim " + j);
            }
        }
    }
}

package org.facenas.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.facenas.evaluator.train.MarginTrainingNetworks;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.graph.NetworkGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OneDnnTest {

    private static final NetworkGraph GRAPH = NetworkGraph.of(Architecture.parse("stem_c16,ir_r1_k3_s2_e2_c16,head_c32_gdc_emb16"), 32);

    @AfterEach
    void restore() {
        System.clearProperty(OneDnn.DISABLE_PROPERTY);
    }

    private static long convLayersWithOneDnn(ComputationGraph net) {
        long n = 0;
        for (Layer l : net.getLayers()) {
            if (l instanceof ConvolutionLayer conv && conv.getHelper() instanceof MKLDNNConvHelper) {
                n++;
            }
        }
        return n;
    }

    /** Why the shim exists: with DL4J's switch alone, the oneDNN check loads a class ND4J renamed. */
    @Test
    void shimRestoresTheOneDnnCheckDl4jRelieson() throws Exception {
        Class<?> env = Class.forName("org.nd4j.nativeblas.Nd4jCpu$Environment");
        Object instance = env.getMethod("getInstance").invoke(null);
        assertEquals(true, env.getMethod("isUseMKLDNN").invoke(instance), "this ND4J build has oneDNN");
        assertTrue(org.nd4j.nativeblas.Nd4jCpu.class.getProtectionDomain().getCodeSource().getLocation().getPath().contains("evaluator"),
                "the class comes from FaceNAS, not from ND4J");
    }

    @Test
    void convolutionsUseOneDnnAndBatchNormDoesNot() {
        ComputationGraph net = new MarginTrainingNetworks(true).build(GRAPH, ProxySettings.preset("tiny"), 4, 1, 10);
        assertTrue(convLayersWithOneDnn(net) >= 4, "stem, expand, dw, project, head convs use oneDNN");
        for (Layer l : net.getLayers()) {
            if (l instanceof BatchNormalization bn) {
                assertNull(bn.getHelper(), "batch norm stays on DL4J's implementation");
            }
        }
        ComputationGraph plain = new MarginTrainingNetworks(false).build(GRAPH, ProxySettings.preset("tiny"), 4, 1, 10);
        assertEquals(0, convLayersWithOneDnn(plain));
    }
}

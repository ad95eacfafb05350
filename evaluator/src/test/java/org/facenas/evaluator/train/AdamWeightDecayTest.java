package org.facenas.evaluator.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.dl4j.DirectConvolution;
import org.facenas.evaluator.dl4j.DirectDepthwise;
import org.facenas.evaluator.dl4j.FusedAdamUpdater;
import org.facenas.evaluator.dl4j.MarginSoftmaxOutputLayer;
import org.facenas.evaluator.dl4j.ThreadWorkspaces;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.records.proxy.WeightDecayRule;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.graph.NetworkGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ADAM recipe's weight decay against its closed form on twin networks (same seed, same batch, so the same loss
 * gradient and the same Adam step) one real training step apart only in their decay: each parameter's difference is
 * the decay alone, {@code lr * wd * p} for every weight (convolution, depthwise, dense, the margin head's centres)
 * under the rule ONCE, nothing for batch norm, PReLU and the running statistics; under DOUBLED, DL4J's double listing,
 * twice that on the builder-made layers and once on the SameDiff head.
 */
class AdamWeightDecayTest {

    private static final NetworkGraph GRAPH = NetworkGraph.of(
            Architecture.parse("stem_c16,ir_r1_k3_s2_e2_c16,ir_r1_k3_s1_e2_c16,head_c32_gdc_emb16"), 32);
    private static final int CLASSES = 6;
    private static final double LR = 1.0;
    /** Large enough for float to resolve lr * wd * p beside Adam's step of about lr. */
    private static final double WD = 0.05;

    private static MultiDataSet batch(Random r, int n) {
        float[] x = new float[n * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] y = new float[n * CLASSES];
        for (int i = 0; i < n; i++) {
            y[i * CLASSES + r.nextInt(CLASSES)] = 1;
        }
        return new MultiDataSet(Nd4j.create(x, new long[] {n, 3, 32, 32}), Nd4j.create(y, new long[] {n, CLASSES}));
    }

    /** How many decays of lr * wd * p each parameter took in one step: the twins' difference over lr * wd * p. */
    private static Map<String, Integer> decaysPerParameter(WeightDecayRule rule) {
        ProxySettings p = ProxySettings.preset("tiny").derive().learningRate(LR).weightDecayRule(rule).build();
        // a one-step run: the first step's learning rate is the peak
        ComputationGraph decayed = new MarginTrainingNetworks().build(GRAPH, p.derive().weightDecay(WD).build(), CLASSES, 5, 1);
        ComputationGraph plain = new MarginTrainingNetworks().build(GRAPH, p.derive().weightDecay(0).build(), CLASSES, 5, 1);
        assertTrue(((FusedAdamUpdater) decayed.getUpdater()).fused(), "the proxies' fused update");
        Map<String, INDArray> before = new HashMap<>();
        decayed.paramTable().forEach((k, v) -> before.put(k, v.dup()));
        MultiDataSet b = batch(new Random(3), 8);
        decayed.fit(b);
        plain.fit(b);
        ThreadWorkspaces.release();
        Map<String, Integer> times = new HashMap<>();
        for (Layer layer : decayed.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            for (String param : layer.paramTable().keySet()) {
                String key = name + "_" + param;
                INDArray p0 = before.get(key);
                INDArray got = plain.getParam(key).sub(decayed.getParam(key));
                double scale = Math.max(1e-6, p0.amaxNumber().doubleValue());
                int found = -1;
                for (int k = 0; k <= 2 && found < 0; k++) {
                    if (got.sub(p0.mul(k * LR * WD)).amaxNumber().doubleValue() / scale < 2e-5) {
                        found = k;
                    }
                }
                assertTrue(found >= 0, key + ": the difference is no whole number of decays: " + got.sub(p0.mul(LR * WD)).amaxNumber());
                times.put(layer.conf().getLayer().getClass().getSimpleName() + " " + key, found);
            }
        }
        return times;
    }

    private static Set<String> kinds(Map<String, Integer> times, int decays) {
        Set<String> out = new TreeSet<>();
        times.forEach((k, v) -> {
            if (v == decays) {
                out.add(k.substring(0, k.indexOf(' ')) + k.substring(k.lastIndexOf('_')));
            }
        });
        return out;
    }

    @Test
    void eachWeightDecaysOnceAtTheConfiguredRate() {
        Map<String, Integer> times = decaysPerParameter(WeightDecayRule.ONCE);
        assertEquals(Set.of(DirectConvolution.class.getSimpleName() + "_W", DirectDepthwise.class.getSimpleName() + "_W",
                "DenseLayer_W", MarginSoftmaxOutputLayer.class.getSimpleName() + "_W"), kinds(times, 1), times.toString());
        assertEquals(Set.of("ChannelBatchNorm_gamma", "ChannelBatchNorm_beta", "ChannelBatchNorm_mean", "ChannelBatchNorm_log10stdev",
                "PerChannelPReLU_W"), kinds(times, 0), times.toString());
        assertEquals(Set.of(), kinds(times, 2), times.toString());
    }

    @Test
    void theOldRuleDecaysBuilderMadeLayersTwice() {
        Map<String, Integer> times = decaysPerParameter(WeightDecayRule.DOUBLED);
        assertEquals(Set.of(DirectConvolution.class.getSimpleName() + "_W", DirectDepthwise.class.getSimpleName() + "_W",
                "DenseLayer_W"), kinds(times, 2), times.toString());
        assertEquals(Set.of(MarginSoftmaxOutputLayer.class.getSimpleName() + "_W"), kinds(times, 1), times.toString());
    }
}

package org.facenas.evaluator.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.facenas.data.SharedData;
import org.facenas.evaluator.data.ShuffledBatches;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.dl4j.MomentumSgd;
import org.facenas.evaluator.dl4j.ThreadWorkspaces;
import org.facenas.records.proxy.Margin;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.records.proxy.Recipe;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.graph.NetworkGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The arcface recipe against hand computations: its learning rate per step against arcface_torch's PolyScheduler
 * written out, one momentum step against PyTorch's SGD, the weight decay of one real training step on each
 * parameter, and a short real training at 112x112.
 */
class RecipeTest {

    private static final NetworkGraph GRAPH = NetworkGraph.of(
            Architecture.parse("stem_c16,ir_r1_k3_s2_e2_c16,ir_r1_k3_s1_e2_c16,head_c32_gdc_emb16"), 32);

    /** arcface_torch's PolyScheduler, warm-up w, run of T steps, power 2 (step counted from 0, the first step at peak/w). */
    private static double polyScheduler(double peak, int step, int w, int total) {
        if (step < w) {
            return peak * (step + 1) / (double) w;
        }
        double alpha = 1 - (double) (step - w) / (total - w);
        return peak * alpha * alpha;
    }

    @Test
    void learningRatePerStepIsTheClosedForm() {
        ProxySettings p = Recipe.ARCFACE.apply(ProxySettings.fullTraining(2).derive().batchSize(128).build());
        assertEquals(0.1 * 128 / 512, p.learningRate(), 1e-15, "0.1 per 512 images, scaled to the batch");
        assertEquals(5e-4, p.weightDecay());
        assertEquals(Margin.arcFace(64), p.margin());
        assertTrue(p.flip());
        for (int total : new int[] {1, 2, 7, 100, 1234}) {
            int w = Recipe.warmupSteps(total);
            assertEquals(total <= 1 ? 0 : Math.max(1, (int) Math.ceil(total / 10.0)), w, "a tenth of " + total + " steps");
            var schedule = RecipeSchedule.of(Recipe.ARCFACE, p.learningRate(), total);
            for (int s = 0; s < total; s++) {
                double want = polyScheduler(p.learningRate(), s, w, total);
                assertEquals(want, schedule.valueAt(s, 0), 1e-12, "step " + s + " of " + total);
                assertEquals(want, Recipe.ARCFACE.learningRate(p.learningRate(), s, total), 1e-12, "closed form at " + s);
            }
            if (total > 1) {
                assertEquals(p.learningRate(), schedule.valueAt(w, 0), 1e-12, "the peak right after the warm-up");
            }
            assertEquals(0.0, schedule.valueAt(total, 0), 1e-15, "zero at the end");
        }
        // the network trains with that schedule
        ComputationGraph net = new MarginTrainingNetworks().build(GRAPH, p, 5, 1, 50);
        for (int s : new int[] {0, 3, 4, 5, 20, 49}) {
            assertEquals(polyScheduler(p.learningRate(), s, 5, 50), net.getLayer(MarginTrainingNetworks.HEAD).conf().getLayer()
                    .getUpdaterByParam("W").getLearningRate(s, 0), 1e-12);
        }
    }

    @Test
    void momentumIsPyTorchsHeavyBall() {
        MomentumSgd config = new MomentumSgd(0.5, null, 0.9);
        INDArray state = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3);
        GradientUpdater<?> u = config.instantiate(state, true);
        double[] g1 = {1, -2, 0.5};
        double[] g2 = {0.25, 1, -1};
        INDArray a = Nd4j.createFromArray(new float[] {1, -2, 0.5f}).reshape(1, 3);
        u.applyUpdater(a, 0, 0);
        INDArray b = Nd4j.createFromArray(new float[] {0.25f, 1, -1}).reshape(1, 3);
        u.applyUpdater(b, 1, 0);
        for (int i = 0; i < 3; i++) {
            // torch.optim.SGD: buf = g1; then buf = 0.9 * buf + g2; the step is lr * buf
            assertEquals(0.5 * g1[i], a.getDouble(0, i), 1e-6);
            assertEquals(0.5 * (0.9 * g1[i] + g2[i]), b.getDouble(0, i), 1e-6);
        }
        assertEquals(config, config.clone());
    }

    private static MultiDataSet batch(Random r, int n, int classes) {
        float[] x = new float[n * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] y = new float[n * classes];
        for (int i = 0; i < n; i++) {
            y[i * classes + r.nextInt(classes)] = 1;
        }
        return new MultiDataSet(Nd4j.create(x, new long[] {n, 3, 32, 32}), Nd4j.create(y, new long[] {n, classes}));
    }

    /**
     * Twin networks (same seed, same batch) one step apart only in their weight decay: with momentum's buffer empty,
     * the step differs by exactly lr * wd * param on each decayed parameter (once, not twice) and not at all on the rest.
     */
    @Test
    void oneStepDecaysEachWeightOnceAtTheConfiguredRate() {
        double lr = 1.0;
        double wd = 0.05; // large enough for float to resolve lr * wd * p against the step
        ProxySettings arc = Recipe.ARCFACE.apply(ProxySettings.preset("tiny")).derive().learningRate(lr).build();
        int classes = 6;
        // a one-step run has no warm-up: the first step is at the peak
        ComputationGraph decayed = new MarginTrainingNetworks().build(GRAPH, arc.derive().weightDecay(wd).build(), classes, 5, 1);
        ComputationGraph plain = new MarginTrainingNetworks().build(GRAPH, arc.derive().weightDecay(0).build(), classes, 5, 1);
        Map<String, INDArray> before = new java.util.HashMap<>();
        decayed.paramTable().forEach((k, v) -> before.put(k, v.dup()));
        MultiDataSet b = batch(new Random(3), 8, classes);
        decayed.fit(b);
        plain.fit(b);
        ThreadWorkspaces.release();
        int decayedParams = 0;
        List<String> convWeights = new ArrayList<>();
        for (Layer layer : decayed.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            for (String param : layer.paramTable().keySet()) {
                String key = name + "_" + param;
                List<Regularization> regs = layer.conf().getLayer().getRegularizationByParam(param);
                int terms = regs == null ? 0 : regs.size();
                assertTrue(terms <= 1, key + " lists " + regs);
                boolean decays = terms == 1;
                if (decays) {
                    assertTrue(regs.get(0) instanceof L2Regularization l2 && l2.getL2().valueAt(0, 0) == wd, key + ": " + regs);
                    decayedParams++;
                    if (layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer) {
                        convWeights.add(key);
                    }
                }
                if (name.contains("_mean") || name.contains("_var") || param.equals("mean") || param.equals("var")) {
                    continue;
                }
                INDArray p0 = before.get(key);
                INDArray want = p0.mul(decays ? lr * wd : 0.0);
                INDArray got = plain.getParam(key).sub(decayed.getParam(key));
                double scale = Math.max(1e-6, p0.amaxNumber().doubleValue());
                assertEquals(0.0, got.sub(want).amaxNumber().doubleValue() / scale, 2e-5,
                        key + (decays ? ": decayed by lr * wd * p" : ": not decayed"));
            }
        }
        assertTrue(decayedParams >= 5, "weights decay: " + decayedParams);
        assertTrue(!convWeights.isEmpty() || decayedParams >= 5, "convolution weights among them");
    }

    /** A tiny real training at 112x112 with the recipe: the loss stays finite and moves. */
    @Test
    void trainsAt112(@TempDir Path tmp) throws Exception {
        Path celeba = SharedData.celeba112();
        ProxySettings p = Recipe.ARCFACE.apply(ProxySettings.fullTraining(1).derive().batchSize(8).trainSubset(6, 4).pairsPerFold(2)
                .build());
        SourceProxyData data = SourceProxyData.load(celeba, celeba.resolve("peopleDevTrain.txt"), celeba.resolve("pairsDevTest.txt"), p);
        NetworkGraph graph = NetworkGraph.of(Architecture.parse("stem_c16,ir_r1_k3_s2_e2_c16,ir_r1_k3_s2_e2_c24,head_c32_gdc_emb16"), 112);
        ShuffledBatches batches = new ShuffledBatches(data.train(), p.batchSize(), p.flip(), 1, List.of());
        int steps = (data.train().count() + p.batchSize() - 1) / p.batchSize();
        ComputationGraph net = new MarginTrainingNetworks().build(graph, p, data.train().classes(), 1, steps);
        List<Double> losses = new ArrayList<>();
        TrainStats stats = ProxyTrainer.train(net, batches, p.epochs(), s -> losses.add(net.score()));
        ThreadWorkspaces.release();
        assertTrue(losses.size() >= 2, "steps " + losses);
        assertTrue(losses.stream().allMatch(Double::isFinite), "finite " + losses);
        assertNotEquals(losses.get(0), losses.get(losses.size() - 1), "the loss moved: " + losses);
        assertTrue(Double.isFinite(stats.finalLoss()));
        // DL4J writes the recipe's updater and schedule into the model's JSON and reads them back
        ModelSerializer.writeModel(net, tmp.resolve("m.zip").toFile(), true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(tmp.resolve("m.zip").toFile(), true);
        assertEquals(net.getLayer(MarginTrainingNetworks.HEAD).conf().getLayer().getUpdaterByParam("W"),
                back.getLayer(MarginTrainingNetworks.HEAD).conf().getLayer().getUpdaterByParam("W"));
    }

    @Test
    void recipesAreAClosedChoiceAndAdamKeysDoNotChange() {
        assertEquals(Recipe.ARCFACE, Recipe.parse("arcface"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recipe.parse("sgd"));
        assertEquals("--recipe sgd: unknown recipe, use one of adam, arcface", e.getMessage());
        ProxySettings full = ProxySettings.fullTraining(3);
        assertEquals(full.describe(), Recipe.ADAM.apply(full).describe(), "adam's key is today's");
        assertTrue(Recipe.ARCFACE.apply(full).describe().endsWith(",recipe=arcface"), Recipe.ARCFACE.apply(full).describe());
    }
}

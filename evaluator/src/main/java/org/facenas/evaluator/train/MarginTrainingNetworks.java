package org.facenas.evaluator.train;

import java.util.List;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.evaluator.dl4j.EmbedderGraphBuilder;
import org.facenas.evaluator.dl4j.FusedAdamUpdater;
import org.facenas.evaluator.dl4j.KdOutputLayer;
import org.facenas.evaluator.dl4j.MarginSoftmaxOutputLayer;
import org.facenas.evaluator.dl4j.MomentumSgd;
import org.facenas.evaluator.dl4j.OneDnn;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.records.proxy.Recipe;
import org.facenas.records.proxy.WeightDecayRule;
import org.facenas.searchspace.graph.NetworkGraph;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The embedder plus the proxy's margin-softmax head (vertex {@value #HEAD}), trained with the settings' {@link Recipe}:
 * ADAM, whose learning rate decays linearly to zero over the run, with decoupled weight decay (one fused pass:
 * {@link FusedAdamUpdater}), or ARCFACE, SGD with momentum, coupled L2 and a warm-up then polynomial decay. Either
 * decays each weight once per step at the configured rate (ADAM as DL4J listed it before issue 25 under
 * {@link WeightDecayRule#DOUBLED}); biases, batch norm and PReLU do not decay.
 */
public final class MarginTrainingNetworks implements TrainingNetworks {

    public static final String HEAD = "margin";

    /** The knowledge-distillation output, when there is one. */
    public static final String KD = "kd";

    private final boolean oneDnn;
    private final KdSettings kd;
    private final int teacherDim;

    /** With oneDNN convolution helpers (the default: several times faster on CPU). */
    public MarginTrainingNetworks() {
        this(true);
    }

    public MarginTrainingNetworks(boolean oneDnn) {
        this(oneDnn, null, 0);
    }

    /** With a KD output {@value #KD} learning from teacher embeddings of {@code teacherDim} dimensions (kd null: none). */
    public MarginTrainingNetworks(boolean oneDnn, KdSettings kd, int teacherDim) {
        this.oneDnn = oneDnn;
        this.kd = kd;
        this.teacherDim = teacherDim;
    }

    static KdOutputLayer.Loss lossOf(KdSettings.Kind kind) {
        return switch (kind) {
            case POCKETNET -> KdOutputLayer.Loss.MSE;
            case COSINE -> KdOutputLayer.Loss.COSINE;
            case SIMILARITY -> KdOutputLayer.Loss.SIMILARITY;
        };
    }

    /** The KD output of a run of {@code totalSteps}: its loss, weight and, with {@code +decay}, the weight's schedule. */
    static KdOutputLayer kdOutput(KdSettings kd, long studentDim, int teacherDim, int totalSteps) {
        KdOutputLayer layer = new KdOutputLayer(studentDim, teacherDim, lossOf(kd.kind()), kd.lambda());
        if (kd.decay()) {
            int steps = Math.max(1, totalSteps);
            layer.decaying(Math.min(kd.warmupSteps(steps), steps - 1), steps);
        }
        return layer;
    }

    @Override
    public ComputationGraph build(NetworkGraph graph, ProxySettings proxy, int classes, long seed, int totalSteps) {
        OneDnn.enableHelpers(oneDnn);
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder().seed(seed);
        ISchedule lr = RecipeSchedule.of(proxy.recipe(), proxy.learningRate(), totalSteps);
        switch (proxy.recipe()) {
            case ADAM -> base.updater(new Adam(lr)).weightDecay(proxy.weightDecay());
            // L2 is set on each layer once the graph is built (exactlyOne), not here: see there
            case ARCFACE -> base.updater(new MomentumSgd(proxy.learningRate(), lr, Recipe.ARCFACE_MOMENTUM));
        }
        ComputationGraphConfiguration.GraphBuilder g = base
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                // DL4J 1.0.0-M2.1's BatchNormalization inference fails with workspaces (EmbedderGraphBuilderTest)
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .cacheMode(CacheMode.NONE)
                .graphBuilder();
        new EmbedderGraphBuilder(EmbedderGraphBuilder.batchNormDecayFor(totalSteps)).addTo(g, graph);
        g.addLayer(HEAD, new MarginSoftmaxOutputLayer(graph.output().output().channels(), classes, proxy.margin()),
                NetworkGraph.EMBEDDING);
        if (kd != null) {
            g.addLayer(KD, kdOutput(kd, graph.output().output().channels(), teacherDim, totalSteps), NetworkGraph.EMBEDDING);
            g.setOutputs(HEAD, KD);
        } else {
            g.setOutputs(HEAD);
        }
        // a previous training on this thread can leave DL4J's activation workspace current; parameters must not land in it
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            ComputationGraphConfiguration conf = g.build();
            Regularization decay = proxy.weightDecay() <= 0 ? null : proxy.recipe() == Recipe.ARCFACE
                    ? new L2Regularization(proxy.weightDecay()) : new WeightDecay(proxy.weightDecay(), true);
            if (proxy.recipe() == Recipe.ARCFACE) {
                exactlyOne(conf, decay);
                // the head's centres never decayed under arcface (a SameDiff layer until issue 25, outside exactlyOne)
                exactlyOne(conf, HEAD, null);
            } else if (proxy.weightDecayRule() == WeightDecayRule.ONCE) {
                exactlyOne(conf, decay);
            } else {
                // DOUBLED: the layers as DL4J lists them, the head once, as the SameDiff head was
                exactlyOne(conf, HEAD, decay);
            }
            ComputationGraph net = new ComputationGraph(conf);
            net.init();
            OneDnn.keepBatchNormOff(net);
            if (proxy.recipe() == Recipe.ADAM) {
                net.setUpdater(new FusedAdamUpdater(net));
            }
            return net;
        }
    }

    /**
     * Every DL4J-made layer's weights carry exactly {@code term} (none for null; biases none, as DL4J's network-wide
     * regularisation covers weights only; batch norm and PReLU ignore the list). Set per layer because DL4J lists a
     * network-wide {@code .l2()}/{@code .weightDecay()} twice on every such layer (convolution, depthwise, dense, the
     * margin head), which so decays at twice the rate.
     */
    static void exactlyOne(ComputationGraphConfiguration conf, Regularization term) {
        for (String name : conf.getVertices().keySet()) {
            exactlyOne(conf, name, term);
        }
    }

    /** The same for one vertex (nothing for a vertex without a DL4J-made layer). */
    static void exactlyOne(ComputationGraphConfiguration conf, String vertex, Regularization term) {
        if (conf.getVertices().get(vertex) instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer layer) {
            layer.setRegularization(term == null ? List.of() : List.of(term));
            layer.setRegularizationBias(List.of());
        }
    }
}

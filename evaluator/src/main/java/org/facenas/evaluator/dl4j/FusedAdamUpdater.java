package org.facenas.evaluator.dl4j;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.facenas.records.proxy.WeightDecayRule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * DL4J's graph updater for Adam with decoupled weight decay, doing what DL4J does in one pass over the network's
 * flattened gradient: divide by the minibatch, the Adam step, add {@code lr * decay * param}. Why: DL4J splits the
 * parameters into an updater block wherever the updater changes, and batch norm's running statistics (NoOp) change
 * it twice per layer; it then runs a division per block, an Adam op per block and a weight-decay op per parameter,
 * a few hundred small native calls per step (about 30 ms of a 300 ms step at the quick proxy's setting, most of it
 * call overhead). Same state array layout (each block's [m | v]) and the same float arithmetic as libnd4j's
 * {@code adam_updater} and {@code axpy}.
 *
 * <p>Only what it can do exactly: float parameters, Adam or NoOp updaters, weight decay as the only
 * regularisation, no gradient normalisation, gradients in the network's own view. Any other network, or an
 * external gradient, runs DL4J's own updater ({@link #fused()} says which).
 */
public final class FusedAdamUpdater extends ComputationGraphUpdater {

    private static final long serialVersionUID = 1L;

    /** Parameters per chunk copied into Java arrays. */
    private static final int CHUNK = 1 << 14;

    /**
     * One parameter of a block: flattened offsets and what DL4J does to it besides the block's updater. DL4J applies
     * each weight decay in its list in turn, and so does this: a list with the network's decay twice (a builder-made
     * convolution's under WeightDecayRule.DOUBLED) decays twice, exactly as DL4J would.
     */
    private record Part(int start, int end, boolean divide, List<WeightDecay> decays) {
    }

    /** One updater block: Adam (state at {@code stateStart}: m then v, {@code end - start} each) or NoOp. */
    private record Segment(UpdaterBlock block, Adam adam, int start, int end, int stateStart, List<Part> parts) {
    }

    private final transient List<Segment> plan;
    /** Why the update is not fused (null when it is). */
    private transient String unfused;
    private transient long fusedUpdates;
    private transient float[] g;
    private transient float[] p;
    private transient float[] m;
    private transient float[] v;

    public FusedAdamUpdater(ComputationGraph graph) {
        super(graph);
        this.plan = plan();
    }

    /** Whether updates run as the fused pass (else as DL4J's own updater). */
    public boolean fused() {
        return plan != null;
    }

    /** How many updates ran as the fused pass. */
    public long fusedUpdates() {
        return fusedUpdates;
    }

    /** Why updates run as DL4J's own updater; null when they are fused. */
    public String unfusedBecause() {
        return unfused;
    }

    private List<Segment> unfused(String why) {
        unfused = why;
        return null;
    }

    private List<Segment> plan() {
        INDArray params = getParams();
        INDArray grads = getFlattenedGradientsView();
        if (params == null || grads == null || params.dataType() != DataType.FLOAT || grads.dataType() != DataType.FLOAT
                || !ChannelPasses.isContiguous(params) || !ChannelPasses.isContiguous(grads) || !isMiniBatch()
                || updaterStateViewArray != null && (updaterStateViewArray.dataType() != DataType.FLOAT
                        || !ChannelPasses.isContiguous(updaterStateViewArray))) {
            return unfused("parameters, gradients or updater state are not contiguous float arrays, or not minibatch training");
        }
        List<Segment> segments = new ArrayList<>();
        for (UpdaterBlock block : updaterBlocks) {
            List<Part> parts = new ArrayList<>();
            IUpdater updater = null;
            for (UpdaterBlock.ParamState s : block.getLayersAndVariablesInBlock()) {
                Trainable layer = s.getLayer();
                GradientNormalization norm = layer.getConfig().getGradientNormalization();
                if (norm != null && norm != GradientNormalization.None || layer.getConfig().isPretrainParam(s.getParamName())) {
                    return unfused(s.getParamName() + " of " + layer.getConfig().getLayerName() + " has gradient normalisation or is a pretrain parameter");
                }
                updater = layer.getConfig().getUpdaterByParam(s.getParamName());
                List<WeightDecay> decays = new ArrayList<>();
                List<Regularization> regs = layer.getConfig().getRegularizationByParam(s.getParamName());
                for (Regularization r : regs == null ? List.<Regularization>of() : regs) {
                    if (!(r instanceof WeightDecay w)) {
                        return unfused(s.getParamName() + " of " + layer.getConfig().getLayerName() + " has regularisation " + regs);
                    }
                    decays.add(w);
                }
                parts.add(new Part(s.getParamOffsetStart(), s.getParamOffsetEnd(), layer.updaterDivideByMinibatch(s.getParamName()),
                        List.copyOf(decays)));
            }
            int n = block.getParamOffsetEnd() - block.getParamOffsetStart();
            if (updater != null && updater.getClass() == Adam.class
                    && block.getUpdaterViewOffsetEnd() - block.getUpdaterViewOffsetStart() == 2 * n) {
                block.init(); // zeroes the block's state as DL4J's first update would
                segments.add(new Segment(block, (Adam) updater, block.getParamOffsetStart(), block.getParamOffsetEnd(),
                        block.getUpdaterViewOffsetStart(), parts));
            } else if (updater instanceof NoOp) {
                segments.add(new Segment(block, null, block.getParamOffsetStart(), block.getParamOffsetEnd(), -1, parts));
            } else {
                return unfused("an updater block has updater " + updater + " (only Adam and NoOp are fused)");
            }
        }
        return segments;
    }

    @Override
    public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize, LayerWorkspaceMgr workspaceMgr) {
        if (plan == null || !sameValues(gradient.gradient(), getFlattenedGradientsView())) {
            super.update(gradient, iteration, epoch, batchSize, workspaceMgr);
            return;
        }
        // DL4J enters and leaves the updater's working workspace for each block; doing so once leaves the thread's
        // workspaces as DL4J's updater leaves them (a later inference on this thread depends on that)
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeEntered(ArrayType.UPDATER_WORKING_MEM)) {
            fusedUpdate(iteration, epoch, batchSize);
        }
    }

    private void fusedUpdate(int iteration, int epoch, int batchSize) {
        fusedUpdates++;
        if (g == null) {
            g = new float[CHUNK];
            p = new float[CHUNK];
            m = new float[CHUNK];
            v = new float[CHUNK];
        }
        FloatBuffer grads = floats(getFlattenedGradientsView());
        FloatBuffer params = floats(getParams());
        FloatBuffer state = updaterStateViewArray == null ? null : floats(updaterStateViewArray);
        float batch = batchSize;
        for (Segment s : plan) {
            if (s.end() == s.start()) {
                continue;
            }
            double lr = s.adam() == null ? 1.0 : s.adam().getLearningRate(iteration, epoch);
            for (Part part : s.parts()) {
                float[] decay = new float[part.decays().size()];
                for (int d = 0; d < decay.length; d++) {
                    WeightDecay w = part.decays().get(d);
                    decay[d] = (float) (w.getCoeff().valueAt(iteration, epoch) * (w.isApplyLR() ? lr : 1.0));
                }
                for (int at = part.start(); at < part.end(); at += CHUNK) {
                    int len = Math.min(CHUNK, part.end() - at);
                    grads.get(at, g, 0, len);
                    if (part.divide()) {
                        for (int i = 0; i < len; i++) {
                            g[i] = g[i] / batch;
                        }
                    }
                    if (s.adam() != null) {
                        int mAt = s.stateStart() + (at - s.start());
                        int vAt = mAt + (s.end() - s.start());
                        state.get(mAt, m, 0, len);
                        state.get(vAt, v, 0, len);
                        adam(s.adam(), lr, iteration, len);
                        state.put(mAt, m, 0, len);
                        state.put(vAt, v, 0, len);
                    }
                    if (decay.length > 0) {
                        params.get(at, p, 0, len);
                        for (float d : decay) {
                            for (int i = 0; i < len; i++) {
                                g[i] = d * p[i] + g[i];
                            }
                        }
                    }
                    grads.put(at, g, 0, len);
                }
            }
        }
    }

    /**
     * Whether two arrays are views of the same values. DL4J's own test is identity ({@code gradient.gradient() !=
     * view}), which never holds in a ComputationGraph fit ({@code DefaultGradient.gradient()} returns a new reshaped
     * view each call), so DL4J takes its slower "external gradient" path every step; both paths do the same maths.
     */
    private static boolean sameValues(INDArray a, INDArray b) {
        return a.length() == b.length() && a.dataType() == b.dataType() && ChannelPasses.isContiguous(a)
                && a.data().address() + a.offset() * a.data().getElementSize()
                        == b.data().address() + b.offset() * b.data().getElementSize();
    }

    /** libnd4j's adam_updater on the chunk, in float: g becomes the update, m and v the new moments. */
    private void adam(Adam config, double learningRate, int iteration, int len) {
        float lr = (float) learningRate;
        float beta1 = (float) config.getBeta1();
        float beta2 = (float) config.getBeta2();
        float epsilon = (float) config.getEpsilon();
        float it = iteration + 1;
        float beta1T = (float) Math.pow(beta1, it);
        float beta2T = (float) Math.pow(beta2, it);
        float root = (float) Math.sqrt((float) (1.0 - beta2T));
        float epsilonT = (float) ((lr * root) / (1.0 - beta1T));
        if (Float.isNaN(epsilonT) || Float.isInfinite(epsilonT) || epsilonT == 0) {
            epsilonT = epsilon;
        }
        float mbeta1 = 1 - beta1;
        float mbeta2 = 1 - beta2;
        for (int i = 0; i < len; i++) {
            float gi = g[i];
            float mi = beta1 * m[i] + gi * mbeta1;
            float vi = beta2 * v[i] + gi * gi * mbeta2;
            m[i] = mi;
            v[i] = vi;
            g[i] = mi * epsilonT / ((float) Math.sqrt(vi) + epsilon);
        }
    }

    /** The array's values (contiguous, checked by {@link #plan}) from index 0. */
    private static FloatBuffer floats(INDArray arr) {
        return arr.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().position((int) arr.offset()).slice();
    }
}

package org.facenas.evaluator.dl4j;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The knowledge-distillation output of a training graph, reading the student embedding; labels are the
 * L2-normalised teacher embeddings [N, teacherDim]. With z = normalise(x P), P a training-only projection
 * [studentDim, teacherDim] when the sizes differ: MSE (PocketNet): lambda x mean over batch and dimensions of
 * (z - t)^2 = lambda x (2 - 2cos) / teacherDim; COSINE: lambda x mean over the batch of (1 - cos(z, t)), on the
 * margin loss's per-example scale; SIMILARITY: lambda x mean over the batch's pairs of
 * (cos_student(i,j) - cos_teacher(i,j))^2, no projection. The activations are the normalised (projected) student
 * embedding. Training-only: never part of an exported embedder.
 *
 * <p>The weight may change per step ({@link #decaying}): lambda until step {@code decayStart}, then
 * lambda x (decayEnd - s) / (decayEnd - decayStart) at step s, read from the layer's iteration count (DL4J sets it
 * before every step) into a one-value SameDiff variable of the layer's own graph ({@link KdOutputLayerImpl}): the
 * schedule lives in the configuration, no state outside the network changes.
 */
public class KdOutputLayer extends EmbeddingOutputLayer {

    public static final String PROJECTION = "P";

    /** The per-step KD weight inside the layer's SameDiff graph (not a parameter: nothing trains it). */
    static final String WEIGHT = "kdWeight";

    /** The distance the KD term measures. */
    public enum Loss { MSE, COSINE, SIMILARITY }

    private long teacherDim;
    private Loss loss = Loss.MSE;
    private double lambda = 100;
    private int decayStart = -1;
    private int decayEnd;

    /** For JSON deserialisation. */
    public KdOutputLayer() {
    }

    public KdOutputLayer(long nIn, long teacherDim, Loss loss, double lambda) {
        super(nIn);
        this.teacherDim = teacherDim;
        this.loss = loss;
        this.lambda = lambda;
    }

    /**
     * The same output with a weight falling linearly from lambda at step {@code start} to 0 at step {@code end}
     * (0-based; constant lambda before {@code start}).
     */
    public KdOutputLayer decaying(int start, int end) {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("KD weight decay needs 0 <= start < end, got " + start + ".." + end);
        }
        this.decayStart = start;
        this.decayEnd = end;
        return this;
    }

    /** Whether the weight follows a schedule rather than staying lambda. */
    public boolean decays() {
        return decayStart >= 0;
    }

    /** The KD weight at step {@code iteration} (0-based). */
    public double weightAt(int iteration) {
        if (!decays() || iteration < decayStart) {
            return lambda;
        }
        return lambda * Math.max(0, decayEnd - iteration) / (decayEnd - decayStart);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
                                                       java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners,
                                                       int layerIndex, INDArray layerParamsView, boolean initializeParams,
                                                       org.nd4j.linalg.api.buffer.DataType networkDataType) {
        KdOutputLayerImpl ret = new KdOutputLayerImpl(conf, networkDataType);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        ret.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }

    /** Whether the student goes through the projection P (sizes differ, and the loss compares embeddings). */
    public boolean projects() {
        return loss != Loss.SIMILARITY && getNIn() != teacherDim;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, SDVariable labels, Map<String, SDVariable> params) {
        SDVariable z = projects() ? sd.mmul(input, params.get(PROJECTION)) : input;
        SDVariable zn = l2Normalise(sd, z, 1);
        sd.identity("student", zn);
        SDVariable tn = l2Normalise(sd, labels, 1);
        SDVariable total;
        // the weight: a constant, or a one-value variable the layer sets before each step from its iteration count
        SDVariable weight = decays() ? sd.var(WEIGHT, Nd4j.scalar(input.dataType(), lambda)) : null;
        double constant = decays() ? 1 : lambda;
        switch (loss) {
            case SIMILARITY -> {
                SDVariable s = sd.mmul(zn, zn, false, true, false);
                SDVariable t = sd.mmul(tn, tn, false, true, false);
                SDVariable d = s.sub(t);
                // mean over j here, over i by DL4J (which divides by the batch size): the mean over the N x N pairs
                total = d.mul(d).mean(1).sum().mul(constant);
            }
            case COSINE -> {
                // sum over the batch here, the mean by DL4J: lambda x (1 - cos) per example, like the margin loss
                SDVariable cos = zn.mul(tn).sum(1);
                total = cos.rsub(1.0).sum().mul(constant);
            }
            default -> {
                SDVariable d = zn.sub(tn);
                // mean over dimensions here, over the batch by DL4J
                total = d.mul(d).sum().mul(constant / teacherDim);
            }
        }
        if (weight != null) {
            total = total.mul(weight);
        }
        total.markAsLoss();
        return total;
    }

    @Override
    public String activationsVertexName() {
        return "student";
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        if (projects()) {
            params.addWeightParam(PROJECTION, getNIn(), teacherDim);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray p = params.get(PROJECTION);
        if (p != null) {
            p.assign(Nd4j.randn(p.dataType(), p.shape()).muli(Math.sqrt(1.0 / getNIn())));
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(loss == Loss.SIMILARITY ? getNIn() : teacherDim);
    }

    public long getTeacherDim() {
        return teacherDim;
    }

    public void setTeacherDim(long teacherDim) {
        this.teacherDim = teacherDim;
    }

    public Loss getLoss() {
        return loss;
    }

    public void setLoss(Loss loss) {
        this.loss = loss;
    }

    public int getDecayStart() {
        return decayStart;
    }

    public void setDecayStart(int decayStart) {
        this.decayStart = decayStart;
    }

    public int getDecayEnd() {
        return decayEnd;
    }

    public void setDecayEnd(int decayEnd) {
        this.decayEnd = decayEnd;
    }

    public double getLambda() {
        return lambda;
    }

    public void setLambda(double lambda) {
        this.lambda = lambda;
    }
}

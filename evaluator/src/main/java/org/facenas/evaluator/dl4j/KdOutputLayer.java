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
 */
public class KdOutputLayer extends EmbeddingOutputLayer {

    public static final String PROJECTION = "P";

    /** The distance the KD term measures. */
    public enum Loss { MSE, COSINE, SIMILARITY }

    private long teacherDim;
    private Loss loss = Loss.MSE;
    private double lambda = 100;

    /** For JSON deserialisation. */
    public KdOutputLayer() {
    }

    public KdOutputLayer(long nIn, long teacherDim, Loss loss, double lambda) {
        super(nIn);
        this.teacherDim = teacherDim;
        this.loss = loss;
        this.lambda = lambda;
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
        switch (loss) {
            case SIMILARITY -> {
                SDVariable s = sd.mmul(zn, zn, false, true, false);
                SDVariable t = sd.mmul(tn, tn, false, true, false);
                SDVariable d = s.sub(t);
                // mean over j here, over i by DL4J (which divides by the batch size): the mean over the N x N pairs
                total = d.mul(d).mean(1).sum().mul(lambda);
            }
            case COSINE -> {
                // sum over the batch here, the mean by DL4J: lambda x (1 - cos) per example, like the margin loss
                SDVariable cos = zn.mul(tn).sum(1);
                total = cos.rsub(1.0).sum().mul(lambda);
            }
            default -> {
                SDVariable d = zn.sub(tn);
                // mean over dimensions here, over the batch by DL4J
                total = d.mul(d).sum().mul(lambda / teacherDim);
            }
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

    public double getLambda() {
        return lambda;
    }

    public void setLambda(double lambda) {
        this.lambda = lambda;
    }
}

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
 * L2-normalised teacher embeddings [N, teacherDim]. POCKETNET: lambda x mean over batch and dimensions of
 * (normalise(x P) - t)^2, with P a training-only projection [studentDim, teacherDim] when the sizes differ;
 * SIMILARITY: lambda x mean over the batch's pairs of (cos_student(i,j) - cos_teacher(i,j))^2. The activations
 * are the normalised (projected) student embedding. Training-only: never part of an exported embedder.
 */
public class KdOutputLayer extends EmbeddingOutputLayer {

    public static final String PROJECTION = "P";

    private long teacherDim;
    private boolean similarity;
    private double lambda = 100;

    /** For JSON deserialisation. */
    public KdOutputLayer() {
    }

    public KdOutputLayer(long nIn, long teacherDim, boolean similarity, double lambda) {
        super(nIn);
        this.teacherDim = teacherDim;
        this.similarity = similarity;
        this.lambda = lambda;
    }

    private boolean projects() {
        return !similarity && getNIn() != teacherDim;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, SDVariable labels, Map<String, SDVariable> params) {
        SDVariable z = projects() ? sd.mmul(input, params.get(PROJECTION)) : input;
        SDVariable zn = l2Normalise(sd, z, 1);
        sd.identity("student", zn);
        SDVariable tn = l2Normalise(sd, labels, 1);
        SDVariable loss;
        if (similarity) {
            SDVariable s = sd.mmul(zn, zn, false, true, false);
            SDVariable t = sd.mmul(tn, tn, false, true, false);
            SDVariable d = s.sub(t);
            // mean over j here, over i by DL4J (which divides by the batch size): the mean over the N x N pairs
            loss = d.mul(d).mean(1).sum().mul(lambda);
        } else {
            SDVariable d = zn.sub(tn);
            // mean over dimensions here, over the batch by DL4J
            loss = d.mul(d).sum().mul(lambda / teacherDim);
        }
        loss.markAsLoss();
        return loss;
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
        return InputType.feedForward(similarity ? getNIn() : teacherDim);
    }

    public long getTeacherDim() {
        return teacherDim;
    }

    public void setTeacherDim(long teacherDim) {
        this.teacherDim = teacherDim;
    }

    public boolean isSimilarity() {
        return similarity;
    }

    public void setSimilarity(boolean similarity) {
        this.similarity = similarity;
    }

    public double getLambda() {
        return lambda;
    }

    public void setLambda(double lambda) {
        this.lambda = lambda;
    }
}

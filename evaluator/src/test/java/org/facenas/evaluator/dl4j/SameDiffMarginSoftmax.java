package org.facenas.evaluator.dl4j;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.facenas.records.proxy.Margin;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The margin head as it was written in SameDiff until issue 25, kept as the oracle of {@link MarginSoftmaxOutputLayer}
 * (same parameter, loss and outputs; SameDiff differentiates it). Margin-softmax training head on L2-normalised embeddings and L2-normalised class weights (normalised inside
 * the graph, so the gradient sees the normalisation). ArcFace: target logit s*cos(theta+m), with insightface's
 * fallback cos(theta) - m*sin(m) where theta+m would pass pi; CosFace: s*(cos(theta)-m). Labels are one-hot.
 * A row whose labels are all zero (a KD-only image, or any image during a KD-only warm-up) has no margin loss and
 * no gradient from it; the loss is the mean over the labelled rows. The output activations are the cosines
 * [N, classes]. Training-only: never part of an exported embedder.
 */
public class SameDiffMarginSoftmax extends EmbeddingOutputLayer {

    /** Class centres, shape [embedding, classes]. */
    public static final String WEIGHT = "W";

    private long classes;
    private Margin.Kind kind = Margin.Kind.ARCFACE;
    private double scale = 64;
    private double margin = 0.5;

    /** For JSON deserialisation. */
    public SameDiffMarginSoftmax() {
    }

    public SameDiffMarginSoftmax(long nIn, long classes, Margin margin) {
        super(nIn);
        this.classes = classes;
        this.kind = margin.kind();
        this.scale = margin.scale();
        this.margin = margin.m();
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, SDVariable labels, Map<String, SDVariable> params) {
        SDVariable x = l2Normalise(sd, input, 1);
        SDVariable w = params.get(WEIGHT);
        SDVariable wn = l2Normalise(sd, w, 0);
        SDVariable cos = sd.mmul(x, wn);
        sd.identity("cosine", cos);
        SDVariable target;
        if (kind == Margin.Kind.ARCFACE) {
            SDVariable clipped = sd.math().clipByValue(cos, -1 + 1e-7, 1 - 1e-7);
            SDVariable sin = sd.math().sqrt(clipped.mul(clipped).rsub(1.0).add(1e-12));
            SDVariable phi = clipped.mul(Math.cos(margin)).sub(sin.mul(Math.sin(margin)));
            double threshold = Math.cos(Math.PI - margin);
            double fallback = Math.sin(Math.PI - margin) * margin;
            SDVariable useArc = sd.gt(clipped, threshold).castTo(cos.dataType());
            target = phi.mul(useArc).add(clipped.sub(fallback).mul(useArc.rsub(1.0)));
        } else {
            target = cos.sub(margin);
        }
        SDVariable logits = labels.mul(target).add(labels.rsub(1.0).mul(cos)).mul(scale);
        // log-softmax written out: SameDiff's logSoftmax(dim) fails to rebuild its dimension argument in backprop
        SDVariable shifted = logits.sub(logits.max(true, 1));
        SDVariable logProb = shifted.sub(sd.math().log(sd.math().exp(shifted).sum(true, 1)));
        // DL4J divides the score (and the gradient) by the minibatch size N; rows with all-zero labels (KD-only
        // images) add nothing to the sum but would still count in N and shrink the margin loss's weight, so the sum
        // is scaled by N / (labelled rows): the mean over the labelled rows (factor exactly 1 when every row is)
        SDVariable labelledRows = labels.sum(1);
        SDVariable rows = sd.onesLike(labelledRows).sum();
        SDVariable labelled = sd.math().max(labelledRows.sum(), sd.constant(Nd4j.scalar(cos.dataType(), 1.0)));
        SDVariable loss = labels.mul(logProb).sum(1).neg().sum().mul(rows.div(labelled));
        // DL4J's SameDiffOutputLayer computes the score from this but does not mark it for backprop itself
        loss.markAsLoss();
        return loss;
    }

    @Override
    public String activationsVertexName() {
        return "cosine";
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(WEIGHT, getNIn(), classes);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w = params.get(WEIGHT);
        w.assign(Nd4j.randn(w.dataType(), w.shape()).muli(Math.sqrt(2.0 / (getNIn() + classes))));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(classes);
    }

    public long getClasses() {
        return classes;
    }

    public void setClasses(long classes) {
        this.classes = classes;
    }

    public Margin.Kind getKind() {
        return kind;
    }

    public void setKind(Margin.Kind kind) {
        this.kind = kind;
    }

    public double getScale() {
        return scale;
    }

    public void setScale(double scale) {
        this.scale = scale;
    }

    public double getMargin() {
        return margin;
    }

    public void setMargin(double margin) {
        this.margin = margin;
    }
}

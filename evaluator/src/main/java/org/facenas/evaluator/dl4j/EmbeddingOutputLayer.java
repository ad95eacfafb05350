package org.facenas.evaluator.dl4j;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** A training-only SameDiff output layer that reads the embedding [N, nIn] (the margin head, the KD output). */
public abstract class EmbeddingOutputLayer extends SameDiffOutputLayer {

    private long nIn;

    /** For JSON deserialisation. */
    protected EmbeddingOutputLayer() {
    }

    protected EmbeddingOutputLayer(long nIn) {
        this.nIn = nIn;
    }

    /** {@code x / ||x||} along {@code dimension}, inside the graph so that the gradient sees the normalisation. */
    protected static SDVariable l2Normalise(SameDiff sd, SDVariable x, int dimension) {
        return x.div(sd.math().sqrt(x.mul(x).sum(true, dimension).add(1e-12)));
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            nIn = inputType.arrayElementsPerExample();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    public long getNIn() {
        return nIn;
    }

    public void setNIn(long nIn) {
        this.nIn = nIn;
    }
}

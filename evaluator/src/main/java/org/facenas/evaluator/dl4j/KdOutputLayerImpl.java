package org.facenas.evaluator.dl4j;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The KD output at work: before its loss or gradient is computed, a decaying {@link KdOutputLayer} writes the
 * weight of the current step (the layer's iteration count, which DL4J sets from the network's before every step)
 * into its graph's one-value weight variable; SameDiff's gradient function holds the same array.
 */
public class KdOutputLayerImpl extends SameDiffOutputLayer {

    public KdOutputLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private KdOutputLayer kdConf() {
        return (KdOutputLayer) conf().getLayer();
    }

    /** The weight this step uses. */
    public double currentWeight() {
        return kdConf().weightAt(getIterationCount());
    }

    private void applyWeight() {
        if (sameDiff != null && kdConf().decays()) {
            sameDiff.getVariable(KdOutputLayer.WEIGHT).getArr().assign(currentWeight());
        }
    }

    @Override
    protected void doInit() {
        super.doInit();
        applyWeight();
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        applyWeight();
        return super.backpropGradient(epsilon, workspaceMgr);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        applyWeight();
        return super.computeScore(fullNetRegTerm, training, workspaceMgr);
    }
}

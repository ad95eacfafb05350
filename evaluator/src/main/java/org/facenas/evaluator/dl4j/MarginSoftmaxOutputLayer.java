package org.facenas.evaluator.dl4j;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.facenas.records.proxy.Margin;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Margin-softmax training head on L2-normalised embeddings and L2-normalised class weights: its outputs are the
 * cosines [N, classes] between each embedding and each class centre (a column of W, [embedding, classes]), its loss
 * {@link MarginSoftmaxLoss} on them (ArcFace or CosFace; labels one-hot, an all-zero row adds nothing). Both passes
 * are written here in a few ND4J ops: two matrix products each way and the normalisations' closed-form backward
 * {@code (g - u * <g, u>) / ||v||} for {@code u = v / ||v||}. Why: the SameDiff layer it replaces took about
 * 13 ms of a 231 ms step at 48x48 in issue 25's profile. Training-only: never part of an exported
 * embedder.
 */
public class MarginSoftmaxOutputLayer extends BaseOutputLayer {

    private static final long serialVersionUID = 1L;

    /** Class centres, shape [embedding, classes]. */
    public static final String WEIGHT = DefaultParamInitializer.WEIGHT_KEY;

    /** Added under the square root of each norm, as the SameDiff head did: a zero embedding has zero cosines. */
    static final double EPSILON = 1e-12;

    /** For JSON deserialisation. */
    public MarginSoftmaxOutputLayer() {
    }

    public MarginSoftmaxOutputLayer(long nIn, long classes, Margin margin) {
        setNIn(nIn);
        setNOut(classes);
        setHasBias(false);
        setLossFn(new MarginSoftmaxLoss(margin));
        setActivationFn(new ActivationIdentity());
        // randn * sqrt(2 / (nIn + classes)), the SameDiff head's initialisation
        setWeightInitFn(new WeightInitXavier());
    }

    private MarginSoftmaxLoss loss() {
        return (MarginSoftmaxLoss) getLossFn();
    }

    public long getClasses() {
        return getNOut();
    }

    public Margin.Kind getKind() {
        return loss().getKind();
    }

    public double getScale() {
        return loss().getScale();
    }

    public double getMargin() {
        return loss().getMargin();
    }

    @Override
    public ParamInitializer initializer() {
        return DefaultParamInitializer.getInstance();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return LayerWiring.wire(new Impl(conf, dataType), this, conf, listeners, layerIndex, paramsView, initializeParams);
    }

    /** The layer. */
    public static final class Impl extends org.deeplearning4j.nn.layers.BaseOutputLayer<MarginSoftmaxOutputLayer> {

        private static final long serialVersionUID = 1L;

        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /** Unit rows of the input and their norms, unit columns of W and theirs. */
        private record Unit(INDArray x, INDArray xNorm, INDArray w, INDArray wNorm) {
        }

        private Unit unit(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray x = input.castTo(dataType);
            INDArray w = getParamWithNoise(WEIGHT, training, workspaceMgr);
            INDArray xNorm = Transforms.sqrt(x.mul(x).sum(true, 1).addi(EPSILON), false);
            INDArray wNorm = Transforms.sqrt(w.mul(w).sum(true, 0).addi(EPSILON), false);
            return new Unit(x.divColumnVector(xNorm), xNorm, w.divRowVector(wNorm), wNorm);
        }

        @Override
        protected INDArray getLabels2d(LayerWorkspaceMgr workspaceMgr, ArrayType arrayType) {
            return labels;
        }

        /** The cosines. */
        @Override
        protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            Unit u = unit(training, workspaceMgr);
            INDArray cos = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, input.size(0), u.w().size(1));
            return u.x().mmuli(u.w(), cos);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            return preOutput(training, workspaceMgr);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            Unit u = unit(true, workspaceMgr);
            INDArray cos = u.x().mmul(u.w());
            INDArray dCos = layerConf().getLossFn().computeGradient(labels, cos, layerConf().getActivationFn(), maskArray);
            INDArray dX = dCos.mmul(u.w().transpose());
            INDArray dW = u.x().transpose().mmul(dCos);
            // through v / ||v||: (g - u * <g, u>) / ||v||, rows of x, columns of W
            dX.subi(u.x().mulColumnVector(dX.mul(u.x()).sum(true, 1))).diviColumnVector(u.xNorm());
            dW.subi(u.w().mulRowVector(dW.mul(u.w()).sum(true, 0))).diviRowVector(u.wNorm());
            INDArray view = gradientViews.get(WEIGHT);
            view.assign(dW);
            Gradient g = new DefaultGradient();
            g.gradientForVariable().put(WEIGHT, view);
            INDArray dInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
            dInput.assign(dX);
            return new Pair<>(g, dInput);
        }

        @Override
        public void computeGradientAndScore(LayerWorkspaceMgr workspaceMgr) {
            if (input == null || labels == null) {
                return;
            }
            gradient = backpropGradient(null, workspaceMgr).getFirst();
            score = computeScore(0, true, workspaceMgr);
        }
    }
}

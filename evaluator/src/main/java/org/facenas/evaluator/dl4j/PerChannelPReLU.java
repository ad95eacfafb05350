package org.facenas.evaluator.dl4j;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.PReLU;
import org.deeplearning4j.nn.params.PReLUParamInitializer;
import org.deeplearning4j.nn.weights.WeightInitConstant;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.common.primitives.Pair;

/**
 * PReLU with one slope per channel, shared over height and width: {@code max(0,x) + a_c * min(0,x)}.
 *
 * <p>Why: DL4J 1.0.0-M2.1's {@code PReLULayer} with shared spatial axes trains through the native
 * {@code prelu_bp} op, which rejects inputs longer than 64x the slope array, i.e. any real feature map; and its
 * forward pass with shared axes silently returns the input unchanged (see the tests). This layer keeps DL4J's
 * parameter layout (key {@value PReLUParamInitializer#WEIGHT_KEY}, shape [C,1,1] for [N,C,H,W] input, [C] for
 * [N,C]) and computes both passes itself. A SameDiff version was tried first: DL4J's SameDiffLayer returned
 * twice the true input gradient. Slopes start at 0.25 (PyTorch's default) and are not weight-decayed.
 */
public class PerChannelPReLU extends PReLULayer {

    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation. */
    public PerChannelPReLU() {
    }

    /** For activations [N,C,H,W] ({@code height > 0}) or [N,C] ({@code height == 0}). */
    public static PerChannelPReLU of(int channels, int height, int width) {
        PerChannelPReLU l = new PerChannelPReLU();
        if (height > 0) {
            l.setInputShape(new long[] {channels, height, width});
            l.setSharedAxes(new long[] {2, 3});
        } else {
            l.setInputShape(new long[] {channels});
        }
        l.setNIn(channels);
        l.setNOut(channels);
        l.setWeightInitFn(new WeightInitConstant(0.25));
        return l;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return List.of();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        Impl layer = new Impl(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> params = initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    /** DL4J's PReLU with both passes written here. */
    public static final class Impl extends PReLU {

        private static final long serialVersionUID = 1L;

        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /** 1 where x >= 0, a_c where x < 0, broadcast to x's shape. */
        private INDArray slopes(INDArray x, INDArray negative) {
            INDArray alpha = getParam(PReLUParamInitializer.WEIGHT_KEY);
            long channels = x.size(1);
            long[] broadcast = x.rank() == 4 ? new long[] {1, channels, 1, 1} : new long[] {1, channels};
            return negative.mul(alpha.reshape(broadcast).sub(1.0)).addi(1.0);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            applyDropOutIfNecessary(training, workspaceMgr);
            INDArray x = input.castTo(dataType);
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
            out.assign(x.mul(slopes(x, x.lt(0.0).castTo(x.dataType()))));
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            INDArray x = input.castTo(dataType);
            INDArray negative = x.lt(0.0).castTo(x.dataType());
            // dL/dx = eps * (1 + [x<0] * (a - 1))
            INDArray factor = slopes(x, negative);
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
            dx.assign(epsilon.mul(factor));
            // dL/da_c = sum over batch and positions of eps * min(0, x)
            int[] reduce = x.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0};
            INDArray dAlpha = epsilon.mul(x).muli(negative).sum(reduce);
            INDArray view = gradientViews.get(PReLUParamInitializer.WEIGHT_KEY);
            view.assign(dAlpha.reshape(view.shape()));
            Gradient g = new DefaultGradient();
            g.gradientForVariable().put(PReLUParamInitializer.WEIGHT_KEY, view);
            return new Pair<>(g, dx);
        }
    }
}

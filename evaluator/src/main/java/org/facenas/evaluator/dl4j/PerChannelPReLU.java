package org.facenas.evaluator.dl4j;

import java.util.Collection;
import java.util.List;
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
        return LayerWiring.wire(new Impl(conf, dataType), this, conf, listeners, layerIndex, paramsView, initializeParams);
    }

    /**
     * DL4J's PReLU with both passes written here, each one contiguous sweep ({@link ChannelPasses}), for the inputs
     * {@link #handles} accepts. Other inputs run DL4J's own passes where those are right (slopes not shared over
     * positions) and are refused with the reason otherwise, rather than silently returning the input unchanged.
     */
    public static final class Impl extends PReLU {

        private static final long serialVersionUID = 1L;

        private transient ChannelPasses passes;

        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /** True where the channel passes compute this layer: float or double [N,C] or [N,C,H,W], one slope per channel. */
        private boolean handles(INDArray x) {
            return ChannelPasses.supports(x) && (dataType == DataType.FLOAT || dataType == DataType.DOUBLE)
                    && slopes().length() == x.size(1);
        }

        /** Whether DL4J's PReLU computes this layer right: only without shared axes (see the class comment). */
        private boolean dl4jHandles() {
            long[] shared = ((PReLULayer) layerConf()).getSharedAxes();
            return shared == null || shared.length == 0;
        }

        private INDArray slopes() {
            return getParam(PReLUParamInitializer.WEIGHT_KEY);
        }

        private void refuse(INDArray x) {
            throw new IllegalArgumentException("PerChannelPReLU " + layerConf().getLayerName() + ": input " + x.dataType() + " "
                    + java.util.Arrays.toString(x.shape()) + " with " + slopes().length() + " slopes shared over positions; "
                    + "it needs float or double [N,C,H,W] with one slope per channel (DL4J's own PReLU gets shared slopes wrong)");
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            if (!handles(input)) {
                if (dl4jHandles()) {
                    return super.activate(training, workspaceMgr);
                }
                refuse(input);
            }
            applyDropOutIfNecessary(training, workspaceMgr);
            INDArray x = ChannelPasses.contiguous(input.castTo(dataType));
            ChannelPasses.Layout l = ChannelPasses.Layout.of(x);
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
            passes = ChannelPasses.reuse(passes, l);
            passes.prelu(x, out, l, ChannelPasses.values(slopes()));
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            if (!handles(input)) {
                if (dl4jHandles()) {
                    return super.backpropGradient(epsilon, workspaceMgr);
                }
                refuse(input);
            }
            INDArray x = ChannelPasses.contiguous(input.castTo(dataType));
            INDArray dy = ChannelPasses.contiguous(epsilon.castTo(x.dataType()));
            ChannelPasses.Layout l = ChannelPasses.Layout.of(x);
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
            // dL/dx = eps where x >= 0, a_c * eps where x < 0; dL/da_c = sum over batch and positions of eps * min(0, x)
            double[] dAlpha = new double[l.channels()];
            passes = ChannelPasses.reuse(passes, l);
            passes.preluBackward(x, dy, dx, l, ChannelPasses.values(slopes()), dAlpha);
            INDArray view = gradientViews.get(PReLUParamInitializer.WEIGHT_KEY);
            ChannelPasses.assign(view, dAlpha);
            Gradient g = new DefaultGradient();
            g.gradientForVariable().put(PReLUParamInitializer.WEIGHT_KEY, view);
            return new Pair<>(g, dx);
        }
    }
}

package org.facenas.evaluator.dl4j;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer;
import org.deeplearning4j.nn.params.DepthwiseConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's depthwise convolution whose backward pass calls {@code depthwise_conv2d_bp} straight away: DL4J
 * 1.0.0-M2.1's DepthwiseConvolution2DLayer re-runs its forward convolution at the start of every backward pass,
 * which the identity activation does not need (see {@link DirectConvolution}). Same configuration, parameters and
 * forward pass as DepthwiseConvolution2D; anything {@link DirectConvolution#direct} rejects falls back to DL4J's.
 */
public class DirectDepthwise extends DepthwiseConvolution2D {

    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation. */
    public DirectDepthwise() {
    }

    public DirectDepthwise(DepthwiseConvolution2D.Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return LayerWiring.wire(new Impl(conf, dataType), this, conf, listeners, layerIndex, paramsView, initializeParams);
    }

    /** The layer. */
    public static final class Impl extends DepthwiseConvolution2DLayer {

        private static final long serialVersionUID = 1L;

        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            DepthwiseConvolution2D c = (DepthwiseConvolution2D) layerConf();
            if (!DirectConvolution.direct(c)) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            assertInputSet(true);
            INDArray x = input.castTo(dataType);
            INDArray w = getParamWithNoise(DepthwiseConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
            // zeroed as DL4J does: the generic kernel accumulates into its input gradient
            INDArray dx = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, w.dataType(), x.shape(), 'c');
            INDArray dw = gradientViews.get(DepthwiseConvolutionParamInitializer.WEIGHT_KEY);
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            int[] p = c.getPadding();
            int[] d = c.getDilation();
            // not Same mode, NCHW
            DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("depthwise_conv2d_bp")
                    .addIntegerArguments(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], 0, 0).callInplace(false);
            Gradient g = new DefaultGradient();
            if (c.hasBias()) {
                INDArray b = getParamWithNoise(DepthwiseConvolutionParamInitializer.BIAS_KEY, true, workspaceMgr);
                INDArray db = gradientViews.get(DepthwiseConvolutionParamInitializer.BIAS_KEY);
                op.addInputs(x, w, b, epsilon).addOutputs(dx, dw, db);
                g.setGradientFor(DepthwiseConvolutionParamInitializer.BIAS_KEY, db);
            } else {
                op.addInputs(x, w, epsilon).addOutputs(dx, dw);
            }
            Nd4j.getExecutioner().exec(op.build());
            g.setGradientFor(DepthwiseConvolutionParamInitializer.WEIGHT_KEY, dw, 'c');
            return new Pair<>(g, dx);
        }
    }
}

package org.facenas.evaluator.dl4j;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's convolution whose backward pass calls {@code conv2d_bp} straight away. Why: DL4J 1.0.0-M2.1's
 * ConvolutionLayer re-runs its forward convolution at the start of every backward pass (to apply the activation's
 * derivative, ConvolutionLayer.java:141) and only keeps the pre-activation under a cache mode whose workspace the
 * graph does not open here; with the identity activation every layer of the search space uses, the derivative is
 * the identity and the re-run is pure cost. Same configuration, parameters and forward pass as ConvolutionLayer
 * (it is one, for the exporter and the parameter count); other activations, dropout, NHWC or Same mode fall back
 * to DL4J's own backward pass.
 */
public class DirectConvolution extends ConvolutionLayer {

    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation. */
    public DirectConvolution() {
    }

    public DirectConvolution(ConvolutionLayer.Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return LayerWiring.wire(new Impl(conf, dataType), this, conf, listeners, layerIndex, paramsView, initializeParams);
    }

    /** True where the backward pass may skip the forward re-run: identity activation, NCHW, no dropout, explicit padding. */
    static boolean direct(ConvolutionLayer conf) {
        return conf.getActivationFn() instanceof ActivationIdentity && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && conf.getIDropout() == null && conf.getConvolutionMode() != ConvolutionMode.Same;
    }

    /** The layer. */
    public static final class Impl extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {

        private static final long serialVersionUID = 1L;

        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            ConvolutionLayer c = layerConf();
            if (!direct(c)) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            assertInputSet(true);
            INDArray x = input.castTo(dataType);
            INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
            INDArray dw = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            int[] p = c.getPadding();
            int[] d = c.getDilation();
            DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp")
                    // not Same mode, NCHW, weights [oC, iC, kH, kW]
                    .addIntegerArguments(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], 0, 0, 1);
            Gradient g = new DefaultGradient();
            if (c.hasBias()) {
                INDArray b = getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, workspaceMgr);
                INDArray db = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
                op.addInputs(x, w, b, epsilon).addOutputs(dx, dw, db);
                g.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, db);
            } else {
                op.addInputs(x, w, epsilon).addOutputs(dx, dw);
            }
            Nd4j.exec(op.build());
            g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, dw);
            return new Pair<>(g, dx);
        }
    }
}

package org.facenas.evaluator.dl4j;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's batch normalisation with its training passes written as per-channel contiguous sweeps
 * ({@link ChannelPasses}): forward = one sweep for the channel sums and sums of squares, one for
 * {@code y = k_c x + b_c}; backward = one sweep for {@code Σdy} and {@code Σdy·x}, one for
 * {@code dx = k_c dy + a_c x + b_c}. DL4J's own (no oneDNN helper: that one was slower still) makes about nine
 * per-channel reductions and eight strided broadcasts per layer and step, and recomputes the batch statistics in
 * backprop. Same configuration class, parameters (gamma, beta, running mean, log10 std), running-statistics updates
 * and inference as DL4J's BatchNormalization; an input this layer does not handle (not NCHW, locked gamma/beta,
 * other data types) runs DL4J's code.
 */
public class ChannelBatchNorm extends BatchNormalization {

    private static final long serialVersionUID = 1L;

    /** DL4J's factor turning a variance ratio into a log10-std step. */
    private static final double ONE_ON_2LOGE_10 = 1.0 / (2 * Math.log(10.0));

    /** For JSON deserialisation; DL4J's builder defaults (log10 std parameterisation, eps 1e-5, decay 0.9). */
    public ChannelBatchNorm() {
    }

    public static ChannelBatchNorm of(int channels, double decay) {
        ChannelBatchNorm l = new ChannelBatchNorm();
        l.setNIn(channels);
        l.setNOut(channels);
        l.setDecay(decay);
        return l;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return LayerWiring.wire(new Impl(conf, dataType), this, conf, listeners, layerIndex, paramsView, initializeParams);
    }

    /** The layer. */
    public static final class Impl extends org.deeplearning4j.nn.layers.normalization.BatchNormalization {

        private static final long serialVersionUID = 1L;

        private transient ChannelPasses passes;
        /** Batch statistics of the last training forward pass handled here; null after DL4J's own forward. */
        private transient double[] batchMean;
        private transient double[] batchVar;
        private transient double[] invStd;

        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        private boolean handles(INDArray x) {
            BatchNormalization c = layerConf();
            return ChannelPasses.supports(x) && c.getCnn2DFormat() == CNN2DFormat.NCHW && !c.isLockGammaBeta()
                    && c.isUseLogStd() && x.dataType() == dataType;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            batchMean = null;
            if (!training || !handles(input)) {
                return super.activate(training, workspaceMgr);
            }
            INDArray x = ChannelPasses.contiguous(input);
            ChannelPasses.Layout l = ChannelPasses.Layout.of(x);
            int ch = l.channels();
            double[] sum = new double[ch];
            double[] sumSq = new double[ch];
            passes = ChannelPasses.reuse(passes, l);
            passes.sums(x, l, sum, sumSq);
            double m = (double) l.batch() * l.plane();
            double eps = layerConf().getEps();
            double[] gamma = ChannelPasses.values(getParam(BatchNormalizationParamInitializer.GAMMA));
            double[] beta = ChannelPasses.values(getParam(BatchNormalizationParamInitializer.BETA));
            batchMean = new double[ch];
            batchVar = new double[ch];
            invStd = new double[ch];
            double[] k = new double[ch];
            for (int c = 0; c < ch; c++) {
                batchMean[c] = sum[c] / m;
                batchVar[c] = Math.max(0, sumSq[c] / m - batchMean[c] * batchMean[c]);
                invStd[c] = 1 / Math.sqrt(batchVar[c] + eps);
                k[c] = gamma[c] * invStd[c];
            }
            INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
            passes.scaleShift(x, y, l, batchMean, k, beta);
            return y;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            if (batchMean == null) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            assertInputSet(true);
            INDArray x = ChannelPasses.contiguous(input);
            INDArray dy = ChannelPasses.contiguous(epsilon.castTo(x.dataType()));
            ChannelPasses.Layout l = ChannelPasses.Layout.of(x);
            int ch = l.channels();
            double[] sumDy = new double[ch];
            double[] sumDyX = new double[ch];
            passes = ChannelPasses.reuse(passes, l);
            passes.sumsOfProduct(dy, x, l, sumDy, sumDyX);
            double m = (double) l.batch() * l.plane();
            double[] gamma = ChannelPasses.values(getParam(BatchNormalizationParamInitializer.GAMMA));
            double[] dGamma = new double[ch];
            double[] k = new double[ch];
            double[] a = new double[ch];
            double[] shift = new double[ch];
            for (int c = 0; c < ch; c++) {
                // dGamma = Σ dy·x̂ with x̂ = (x - μ)/σ; dx = γ/σ (dy - Σdy/M - x̂ dGamma/M)
                dGamma[c] = invStd[c] * (sumDyX[c] - batchMean[c] * sumDy[c]);
                k[c] = gamma[c] * invStd[c];
                a[c] = -k[c] * invStd[c] * dGamma[c] / m;
                shift[c] = -k[c] * sumDy[c] / m;
            }
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
            passes.combine(dy, x, dx, l, k, a, batchMean, shift);

            Gradient g = new DefaultGradient();
            INDArray dGammaView = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
            INDArray dBetaView = gradientViews.get(BatchNormalizationParamInitializer.BETA);
            ChannelPasses.assign(dGammaView, dGamma);
            ChannelPasses.assign(dBetaView, sumDy);
            g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
            g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);

            // running statistics as DL4J updates them: a "gradient" the NoOp updater subtracts from the parameter
            double decay = layerConf().getDecay();
            double[] globalMean = ChannelPasses.values(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
            double[] log10Std = ChannelPasses.values(getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
            double[] dMean = new double[ch];
            double[] dLog10Std = new double[ch];
            for (int c = 0; c < ch; c++) {
                dMean[c] = (globalMean[c] - batchMean[c]) * (1 - decay);
                double std = Math.pow(10.0, log10Std[c]);
                double vari = std * std;
                double varNext = vari * decay + batchVar[c] * (1 - decay);
                dLog10Std[c] = Math.log(vari / varNext) * ONE_ON_2LOGE_10;
            }
            INDArray dMeanView = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            INDArray dStdView = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            ChannelPasses.assign(dMeanView, dMean);
            ChannelPasses.assign(dStdView, dLog10Std);
            g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, dMeanView);
            g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, dStdView);
            batchMean = null;
            return new Pair<>(g, dx);
        }
    }
}

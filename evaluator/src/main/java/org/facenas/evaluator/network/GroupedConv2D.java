package org.facenas.evaluator.network;

import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;

/**
 * A convolution with 1 &lt; groups &lt; channels (insightface mbf's stem uses 64 groups of 2), which DL4J lacks.
 * One parameter, {@code W} of shape [out, in/groups, k, k] (ONNX's layout), no bias; each group is convolved
 * with its slice and the outputs are concatenated.
 */
public class GroupedConv2D extends SameDiffLayer {

    public static final String WEIGHT = "W";

    private long nIn;
    private long nOut;
    private int groups;
    private int kernel;
    private int stride;
    private int padding;

    /** For JSON deserialisation. */
    public GroupedConv2D() {
    }

    public GroupedConv2D(long nIn, long nOut, int groups, int kernel, int stride, int padding) {
        this.nIn = nIn;
        this.nOut = nOut;
        this.groups = groups;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable[] inputs = sd.split(input, groups, 1);
        SDVariable[] weights = sd.split(params.get(WEIGHT), groups, 0);
        Conv2DConfig config = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(padding).pW(padding)
                .paddingMode(org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode.VALID).dataFormat("NCHW").build();
        SDVariable[] outputs = new SDVariable[groups];
        for (int i = 0; i < groups; i++) {
            // SameDiff's conv2d reads weights as [kH, kW, in, out]
            outputs[i] = sd.cnn().conv2d(inputs[i], weights[i].permute(2, 3, 1, 0), config);
        }
        return sd.concat(1, outputs);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(WEIGHT, nOut, nIn / groups, kernel, kernel);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // He initialisation over the group's fan-in
        double std = Math.sqrt(2.0 / (nIn / groups * kernel * kernel));
        INDArray w = params.get(WEIGHT);
        w.assign(org.nd4j.linalg.factory.Nd4j.randn(w.dataType(), w.shape()).muli(std));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) inputType;
        long h = (in.getHeight() + 2L * padding - kernel) / stride + 1;
        long w = (in.getWidth() + 2L * padding - kernel) / stride + 1;
        return InputType.convolutional(h, w, nOut);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            nIn = ((InputType.InputTypeConvolutional) inputType).getChannels();
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

    public long getNOut() {
        return nOut;
    }

    public void setNOut(long nOut) {
        this.nOut = nOut;
    }

    public int getGroups() {
        return groups;
    }

    public void setGroups(int groups) {
        this.groups = groups;
    }

    public int getKernel() {
        return kernel;
    }

    public void setKernel(int kernel) {
        this.kernel = kernel;
    }

    public int getStride() {
        return stride;
    }

    public void setStride(int stride) {
        this.stride = stride;
    }

    public int getPadding() {
        return padding;
    }

    public void setPadding(int padding) {
        this.padding = padding;
    }
}

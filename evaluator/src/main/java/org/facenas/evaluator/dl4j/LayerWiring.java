package org.facenas.evaluator.dl4j;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What DL4J's own layer configurations do in {@code instantiate} after making the layer, for this package's
 * layers that replace a DL4J implementation (same configuration, other {@code Impl}): the parameters are views of
 * the network's one flat parameter array, initialised by the configuration's initializer.
 */
final class LayerWiring {

    private LayerWiring() {
    }

    static Layer wire(Layer layer, org.deeplearning4j.nn.conf.layers.Layer config, NeuralNetConfiguration conf,
                      Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(config.initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}

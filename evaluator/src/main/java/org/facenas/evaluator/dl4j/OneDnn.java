package org.facenas.evaluator.dl4j;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;

/**
 * Switches DL4J's oneDNN layer helpers on for convolutions (2-5x faster training here) and keeps batch norm off
 * them: the oneDNN batch-norm backward pass took 48% of a training step. Helpers also need the
 * {@link org.nd4j.nativeblas.Nd4jCpu} shim on the classpath.
 */
public final class OneDnn {

    /** DL4J's switch; its default ("true") disables every helper. */
    public static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private OneDnn() {
    }

    /** Must run before a network is built: DL4J creates a layer's helper when it creates the layer. */
    public static void enableHelpers(boolean enabled) {
        System.setProperty(DISABLE_PROPERTY, Boolean.toString(!enabled));
    }

    public static boolean helpersEnabled() {
        return "false".equals(System.getProperty(DISABLE_PROPERTY));
    }

    /** Drops the oneDNN helper of every batch-norm layer, which then runs DL4J's own implementation. */
    public static void keepBatchNormOff(ComputationGraph net) {
        for (Layer layer : net.getLayers()) {
            if (layer instanceof BatchNormalization bn && bn.getHelper() != null) {
                try {
                    // the field is package-private in DL4J and no configuration option drops the helper
                    Field helper = BatchNormalization.class.getDeclaredField("helper");
                    helper.setAccessible(true);
                    helper.set(bn, null);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot switch batch norm off oneDNN in this DL4J version: " + e, e);
                }
            }
        }
    }
}

package org.facenas.evaluator.score;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.searchspace.graph.NetworkGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runtime that embeds the scoring images once a candidate is trained. Scores do not depend on it. */
public enum ScoringEngine {
    /** DL4J's forward pass over the trained network. */
    DL4J,
    /**
     * The trained embedder exported to ONNX and run in ONNX Runtime, on the task's threads. A network the exporter
     * refuses is scored by DL4J instead, with a warning: scoring never loses a trained candidate.
     */
    ONNX_RUNTIME;

    private static final Logger LOG = LoggerFactory.getLogger(ScoringEngine.class);

    /** Batch of the scoring passes in either runtime. */
    static final int BATCH = 64;

    /** @param threads the task's threads (ND4J's {@code maxThreads}), given to ONNX Runtime as intra-op threads */
    public ScoringEmbedder open(ComputationGraph embedder, NetworkGraph graph, int threads) {
        if (this == ONNX_RUNTIME) {
            try {
                return OnnxScoringEmbedder.of(embedder, graph, BATCH, Math.max(1, threads));
            } catch (RuntimeException e) {
                LOG.warn("scoring {} in DL4J: ONNX export or ONNX Runtime refused it ({})", graph.architecture(), e.getMessage());
            }
        }
        return new Dl4jScoringEmbedder(embedder, graph.inputSize(), BATCH);
    }
}

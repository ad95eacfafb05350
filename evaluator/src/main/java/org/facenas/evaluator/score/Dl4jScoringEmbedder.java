package org.facenas.evaluator.score;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** DL4J's own forward pass over the trained embedder: the reference the ONNX Runtime scoring is checked against. */
public record Dl4jScoringEmbedder(ComputationGraph embedder, int size, int batch) implements ScoringEmbedder {

    @Override
    public List<float[]> raw(List<float[]> images) {
        return Embeddings.raw(embedder, images, size, batch);
    }

    @Override
    public void close() {
        // DL4J's arrays go with the network
    }
}

package org.facenas.evaluator.score;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.data.onnx.OnnxSession;
import org.facenas.evaluator.onnx.OnnxExporter;
import org.facenas.searchspace.graph.NetworkGraph;

/**
 * The trained embedder exported to ONNX and run in ONNX Runtime. Inference is all scoring needs, and ONNX Runtime
 * folds batch norm into the convolutions and runs small maps with far less per-op overhead than DL4J's forward pass
 * (BENCHMARKS.md, "Scoring the held-out pairs"); the outputs agree within the exporter's 1e-4 tolerance.
 */
public final class OnnxScoringEmbedder implements ScoringEmbedder {

    private final OnnxSession session;
    private final int size;
    private final int batch;

    private OnnxScoringEmbedder(OnnxSession session, int size, int batch) {
        this.session = session;
        this.size = size;
        this.batch = batch;
    }

    /** @param threads ONNX Runtime intra-op threads: the task's share of the cores, as DL4J's */
    public static OnnxScoringEmbedder of(ComputationGraph embedder, NetworkGraph graph, int batch, int threads) {
        return new OnnxScoringEmbedder(OnnxSession.of(OnnxExporter.export(embedder, graph, ""), threads), graph.inputSize(), batch);
    }

    @Override
    public List<float[]> raw(List<float[]> images) {
        return Embeddings.inBatches(images, size, batch, (x, n) -> Arrays.asList(session.embed(x, n, 3, size)));
    }

    @Override
    public void close() {
        session.close();
    }
}

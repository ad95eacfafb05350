package org.facenas.evaluator.score;

import java.util.List;
import org.facenas.evaluator.data.FaceTensors;

/**
 * A trained embedder's outputs for the scoring images, from one runtime ({@link ScoringEngine}). Closing it frees
 * what the runtime holds natively.
 */
public interface ScoringEmbedder extends AutoCloseable {

    /** The embedder's output per image (NCHW float images of the embedder's input size), in order. */
    List<float[]> raw(List<float[]> images);

    /** The outputs for each image's mirror image. */
    default List<float[]> mirroredRaw(List<float[]> images, int size) {
        return raw(images.stream().map(i -> FaceTensors.flipped(i, size)).toList());
    }

    /** The scoring embeddings: plain + mirrored output per image, L2-normalised. */
    default List<float[]> flipSum(List<float[]> images, int size) {
        return Embeddings.flipSum(raw(images), mirroredRaw(images, size));
    }

    @Override
    void close();
}

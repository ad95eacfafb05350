package org.facenas.evaluator.score;

import java.util.List;

/** Scores per-image vectors (embeddings or raw pixels, L2-normalised) on a fixed set of verification pairs. */
@FunctionalInterface
public interface PairScoring {
    PairScores score(List<float[]> vectorsPerImage);
}

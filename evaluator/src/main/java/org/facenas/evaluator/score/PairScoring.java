package org.facenas.evaluator.score;

import java.util.List;
import org.facenas.records.PairScores;

/** Scores per-image vectors (embeddings or raw pixels, L2-normalised) on a fixed set of verification pairs. */
@FunctionalInterface
public interface PairScoring {
    PairScores score(List<float[]> vectorsPerImage);
}

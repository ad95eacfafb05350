package org.facenas.evaluator.score;

import java.util.ArrayList;
import java.util.List;
import org.facenas.records.PairScores;

/**
 * Verification pairs as indices into a list of distinct images; scores L2-normalised vectors (embeddings or raw
 * pixels) by cosine similarity under the {@link VerificationProtocol}.
 */
public record PairCosines(int[] first, int[] second, boolean[] same, int[] fold) implements PairScoring {

    @Override
    public PairScores score(List<float[]> vectors) {
        List<VerificationProtocol.ScoredPair> scored = new ArrayList<>(first.length);
        for (int i = 0; i < first.length; i++) {
            scored.add(new VerificationProtocol.ScoredPair(dot(vectors.get(first[i]), vectors.get(second[i])), same[i], fold[i]));
        }
        return VerificationProtocol.score(scored);
    }

    public int size() {
        return first.length;
    }

    static double dot(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += (double) a[i] * b[i];
        }
        return d;
    }
}

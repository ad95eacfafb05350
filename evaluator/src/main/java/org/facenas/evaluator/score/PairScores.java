package org.facenas.evaluator.score;

/** Verification scores of one set of vectors on the proxy's pairs. */
public record PairScores(double accuracy, double accuracyStd, Double tarAtFar1e3, Double tarAtFar1e4, double rocAuc) {
}

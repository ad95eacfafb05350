package org.facenas.records;

/**
 * Verification scores of one set of vectors on the proxy's pairs.
 *
 * @param rocAuc    ROC AUC over all pairs
 * @param rocAucStd population std of the per-fold ROC AUCs over the accuracy's folds; null when fewer than two folds
 *                  hold both kinds of pair
 */
public record PairScores(double accuracy, double accuracyStd, Double tarAtFar1e3, Double tarAtFar1e4, double rocAuc, Double rocAucStd) {
}

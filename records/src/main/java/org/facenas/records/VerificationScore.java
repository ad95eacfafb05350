package org.facenas.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.facenas.records.PairScores;

/**
 * A candidate's score on one verification set (an LFW pairs file or an InsightFace {@code .bin} such as
 * {@code lfw.bin}, {@code cfp_fp.bin}), with the full protocol: 10-fold accuracy and its fold spread, TAR at two
 * FARs, ROC AUC, and the raw-pixel baseline on the same pairs.
 *
 * @param set                   the set's file name, e.g. {@code cfp_fp.bin}
 * @param pairs                 pairs scored (after a proxy's per-fold limit and unreadable images)
 * @param accuracy              mean 10-fold accuracy (threshold chosen on the other 9 folds)
 * @param accuracyStd           standard deviation of the 10 fold accuracies
 * @param rocAuc                ROC AUC over all pairs
 * @param rocAucStd             standard deviation of the 10 folds' ROC AUCs (each over its own pairs); null in a
 *                              record written before it was measured, or when fewer than two folds hold both kinds
 * @param pixelBaselineAccuracy raw L2-normalised pixels scored the same way: what "learned nothing" scores
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record VerificationScore(String set, int pairs, double accuracy, double accuracyStd, Double tarAtFar1e3, Double tarAtFar1e4,
                                double rocAuc, Double rocAucStd, Double pixelBaselineAccuracy) {

    public static VerificationScore of(String set, int pairs, PairScores scores, Double pixelBaselineAccuracy) {
        return new VerificationScore(set, pairs, scores.accuracy(), scores.accuracyStd(), scores.tarAtFar1e3(), scores.tarAtFar1e4(),
                scores.rocAuc(), scores.rocAucStd(), pixelBaselineAccuracy);
    }
}

package org.facenas.results;

import org.facenas.evaluator.CandidateResult;
import org.facenas.evaluator.VerificationScore;

/**
 * One line of {@code facenas front}: a non-dominated candidate. JSON field names are a contract.
 *
 * @param accuracy     on the first verification set (the one the search ranks on)
 * @param rocAuc       ROC AUC on the first verification set, over all its pairs (null if not scored)
 * @param rocAucStd    the std of the ROC AUC over the 10 folds (as {@code accuracyStd} is accuracy's); null when not
 *                     measured (a run recorded before it)
 * @param verification the score on each verification set, the first being {@code accuracy}'s (empty in a run recorded
 *                     before per-set scores)
 */
public record FrontRow(int rank, double accuracy, Double accuracyStd, double mflops, long params, double megabytes,
                       Double latencyMs, String blockString, String status, java.util.List<VerificationScore> verification,
                       Double rocAuc, Double rocAucStd) {

    public FrontRow {
        verification = verification == null ? java.util.List.of() : java.util.List.copyOf(verification);
    }

    static FrontRow of(int rank, CandidateResult r) {
        return new FrontRow(rank, r.accuracy(), r.accuracyStd(), r.mflops(), r.params(), r.sizeBytes() / 1e6, r.latencyMs(),
                r.blockString(), r.status().name(), r.verification(), r.rocAuc(), r.rocAucStd());
    }

    /** The verification sets' names when there is more than one (what a table shows a column for), else empty. */
    public static java.util.List<String> setNames(java.util.List<FrontRow> rows) {
        return rows.stream().filter(r -> r.verification().size() > 1).findFirst()
                .map(r -> r.verification().stream().map(VerificationScore::set).toList()).orElse(java.util.List.of());
    }
}

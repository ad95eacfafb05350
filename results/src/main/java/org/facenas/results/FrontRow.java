package org.facenas.results;

import org.facenas.records.CandidateResult;
import org.facenas.records.VerificationScore;
import org.facenas.results.confirm.Confirmation;

/**
 * One line of {@code facenas front}: a non-dominated candidate. JSON field names are a contract.
 *
 * @param accuracy     on the first verification set (the one the search ranks on)
 * @param rocAuc       ROC AUC on the first verification set, over all its pairs (null if not scored)
 * @param rocAucStd    the std of the ROC AUC over the 10 folds (as {@code accuracyStd} is accuracy's); null when not
 *                     measured (a run recorded before it)
 * @param verification the score on each verification set, the first being {@code accuracy}'s (empty in a run recorded
 *                     before per-set scores)
 * @param confirmed    the candidate's scores from {@code facenas confirm}, one per proxy it was retrained on over seeds
 *                     (empty when it was not)
 */
public record FrontRow(int rank, double accuracy, Double accuracyStd, double mflops, long params, double megabytes,
                       Double latencyMs, String blockString, String status, java.util.List<VerificationScore> verification,
                       Double rocAuc, Double rocAucStd, java.util.List<Confirmation.Score> confirmed) {

    public FrontRow {
        verification = verification == null ? java.util.List.of() : java.util.List.copyOf(verification);
        confirmed = confirmed == null ? java.util.List.of() : java.util.List.copyOf(confirmed);
    }

    static FrontRow of(int rank, CandidateResult r, java.util.List<Confirmation.Score> confirmed) {
        return new FrontRow(rank, r.accuracy(), r.accuracyStd(), r.mflops(), r.params(), r.sizeBytes() / 1e6, r.latencyMs(),
                r.blockString(), r.status().name(), r.verification(), r.rocAuc(), r.rocAucStd(), confirmed);
    }

    /** The proxies any row was confirmed on, in the order first seen (what a table shows a column for). */
    public static java.util.List<String> confirmedProxies(java.util.List<FrontRow> rows) {
        return rows.stream().flatMap(r -> r.confirmed().stream()).map(Confirmation.Score::proxy).distinct().toList();
    }

    /** The verification sets' names when there is more than one (what a table shows a column for), else empty. */
    public static java.util.List<String> setNames(java.util.List<FrontRow> rows) {
        return rows.stream().filter(r -> r.verification().size() > 1).findFirst()
                .map(r -> r.verification().stream().map(VerificationScore::set).toList()).orElse(java.util.List.of());
    }
}

package org.facenas.results;

import org.facenas.evaluator.CandidateResult;

/** One line of {@code facenas front}: a non-dominated candidate. JSON field names are a contract. */
public record FrontRow(int rank, double accuracy, Double accuracyStd, double mflops, long params, double megabytes,
                       Double latencyMs, String blockString, String status) {

    static FrontRow of(int rank, CandidateResult r) {
        return new FrontRow(rank, r.accuracy(), r.accuracyStd(), r.mflops(), r.params(), r.sizeBytes() / 1e6, r.latencyMs(),
                r.blockString(), r.status().name());
    }
}

package org.facenas.results;

import java.util.Objects;
import org.facenas.records.CandidateResult;

/**
 * One line of a run's {@code references.jsonl}: a zoo architecture evaluated with the run's proxy as a yardstick
 * (never a search candidate).
 */
public record ReferenceRecord(String name, CandidateResult result, String runId, String executor, String recordedAt,
                              String dataHash) {

    public ReferenceRecord {
        Objects.requireNonNull(result, "result");
    }
}

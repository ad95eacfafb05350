package org.facenas.results;

import java.util.Arrays;
import java.util.Objects;
import org.facenas.records.CandidateResult;

/**
 * One line of a run's {@code candidates.jsonl}: a candidate's result plus where and when in the run it was
 * evaluated. On disk the result's fields and these sit side by side in one flat JSON object (see {@link RunLog}).
 *
 * @param rung       the successive-halving rung the result was trained at (0: the search's proxy as configured)
 * @param genotype   the search space's choice indices of the architecture
 * @param executor   the Spark executor that trained it ("none" when the task itself failed)
 * @param recordedAt when the driver recorded it (ISO-8601)
 * @param dataHash   listing hash of the dataset the candidate was trained and scored on (null when unknown)
 */
public record CandidateRecord(CandidateResult result, String runId, long generation, int rung, int[] genotype,
                              String executor, String recordedAt, String dataHash) {

    public CandidateRecord {
        Objects.requireNonNull(result, "result");
        genotype = genotype == null ? new int[0] : genotype.clone();
    }

    public String blockString() {
        return result.blockString();
    }

    @Override
    public int[] genotype() {
        return genotype.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CandidateRecord c && result.equals(c.result) && Objects.equals(runId, c.runId)
                && generation == c.generation && rung == c.rung && Arrays.equals(genotype, c.genotype)
                && Objects.equals(executor, c.executor) && Objects.equals(recordedAt, c.recordedAt)
                && Objects.equals(dataHash, c.dataHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(result, runId, generation, rung, Arrays.hashCode(genotype), executor, recordedAt, dataHash);
    }
}

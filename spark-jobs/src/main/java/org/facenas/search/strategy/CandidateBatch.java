package org.facenas.search.strategy;

import java.util.List;
import java.util.Map;
import org.facenas.records.CandidateResult;
import org.facenas.searchspace.arch.Architecture;

/** Evaluates a batch of architectures (in a search: as Spark tasks, reusing every earlier result of the run). */
@FunctionalInterface
public interface CandidateBatch {
    /** One result per distinct block string of {@code candidates}. */
    Map<String, CandidateResult> evaluate(List<Architecture> candidates);
}

package org.facenas.evaluator;

import org.facenas.searchspace.arch.Architecture;

/** Scores one architecture. Never throws for a bad candidate: a failure is a result with status FAILED. */
@FunctionalInterface
public interface CandidateEvaluator {
    CandidateResult evaluate(Architecture architecture, long seed);
}

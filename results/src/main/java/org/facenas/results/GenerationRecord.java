package org.facenas.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One line of a run's {@code generations.jsonl}: a finished generation's population, its top-rung front and
 * hypervolume (docs/run-directory.md). {@link RunLog} writes and reads it. A field a run of an older FaceNAS did not
 * write reads as null ({@code score}, {@code bestScore} before the quality score was a choice; the halving and
 * predictor fields when the run had neither), and a field this version does not know is ignored.
 *
 * @param generation           the generation's number (a hand-written line without one counts as 0)
 * @param population           the generation's population, block strings
 * @param front                the Pareto front of the successful top-rung candidates, block strings
 * @param evaluated            candidates recorded so far (every rung)
 * @param rungs                with successive halving only: candidates recorded per rung
 * @param topRung              with successive halving only: the top rung's index
 * @param hypervolume          the top rung's hypervolume of the quality score x MFLOPs above {@code hypervolumeReference}
 * @param hypervolumeReference the reference point [quality score, MFLOPs]
 * @param bestAccuracy         the best accuracy among the successful top-rung candidates (NaN: none)
 * @param score                the run's quality score
 * @param bestScore            the best quality score among them (NaN: none)
 * @param predictorTau         with a predictor only: Kendall tau-b of predicted against measured quality of the batch's
 *                             kept children (NaN below two)
 * @param predictorChildren    with a predictor only: the kept children tau is over
 * @param predictorFittedOn    with a predictor only: the first-rung results the predictor was fitted on
 */
// NON_NULL: a run without halving or predictor writes no such keys, as the lines have always been written
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GenerationRecord(String runId, long generation, String strategy, List<String> population, List<String> front,
                               Integer evaluated, List<Integer> rungs, Integer topRung, Double hypervolume,
                               List<Double> hypervolumeReference, Double bestAccuracy, Metric score, Double bestScore,
                               Double predictorTau, Integer predictorChildren, Integer predictorFittedOn) {

    public GenerationRecord {
        population = population == null ? List.of() : List.copyOf(population);
        front = front == null ? List.of() : List.copyOf(front);
        rungs = rungs == null ? null : List.copyOf(rungs);
        hypervolumeReference = hypervolumeReference == null ? null : List.copyOf(hypervolumeReference);
    }

    /** The best of the run's quality score; a line written before the score was a choice has the best accuracy alone. */
    public Double best() {
        return bestScore != null ? bestScore : bestAccuracy;
    }

    /** The same generation with the successive-halving counts: candidates per rung, the last the top rung. */
    public GenerationRecord withRungs(List<Integer> perRung) {
        return new GenerationRecord(runId, generation, strategy, population, front, evaluated, perRung, perRung.size() - 1,
                hypervolume, hypervolumeReference, bestAccuracy, score, bestScore, predictorTau, predictorChildren, predictorFittedOn);
    }

    /** The same generation with its batch's predictor check. */
    public GenerationRecord withPredictor(double tau, int children, int fittedOn) {
        return new GenerationRecord(runId, generation, strategy, population, front, evaluated, rungs, topRung, hypervolume,
                hypervolumeReference, bestAccuracy, score, bestScore, tau, children, fittedOn);
    }
}

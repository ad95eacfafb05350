package org.facenas.evaluator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The outcome of evaluating one architecture on a proxy: verification scores, the raw-pixel baseline on the
 * same pairs, costs, timings and what went wrong if anything did. Field names are the JSON contract of
 * {@code facenas evaluate --json} and of the run record.
 *
 * @param status      {@link Status#OK} or {@link Status#FAILED}; a failed result keeps the costs and names the reason
 * @param accuracy    mean 10-fold verification accuracy (threshold chosen on the other 9 folds)
 * @param latencyMs   median ONNX Runtime latency of the exported embedder at 112x112, batch 1, one thread
 * @param kd          the knowledge distillation it trained with ("none", or e.g. "pocketnet(lambda=100.0)")
 * @param studentTeacherCosine mean cosine between the (projected) student and the teacher embedding of the
 *                    training images after training; null without a teacher or when the sizes cannot be compared
 * @param noKdAccuracy the same candidate trained without KD (same seed), when asked for
 * @param heldOutTeacherCosine the same cosine over the scoring pairs' images (identities never trained on), when
 *                    the teacher's embeddings of those were given; null otherwise
 * @param peakRssMb   the evaluating JVM's peak resident memory (VmHWM) when the result was made, MiB; null where
 *                    the OS does not report it. The peak of the whole process, not of this candidate alone.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CandidateResult(
        String blockString,
        Status status,
        String failure,
        String proxy,
        long seed,
        long params,
        long macs,
        long flops,
        double mflops,
        long sizeBytes,
        Double accuracy,
        Double accuracyStd,
        Double tarAtFar1e3,
        Double tarAtFar1e4,
        Double rocAuc,
        Double pixelBaselineAccuracy,
        Double latencyMs,
        Double finalLoss,
        int trainImages,
        int trainIdentities,
        int pairs,
        int skippedImages,
        List<String> skippedFiles,
        double trainSeconds,
        double evalSeconds,
        double imagesPerSecond,
        String kd,
        String teacherHash,
        Double studentTeacherCosine,
        Double noKdAccuracy,
        Double heldOutTeacherCosine,
        Long peakRssMb) {

    public enum Status { OK, FAILED }

    public CandidateResult {
        skippedFiles = skippedFiles == null ? List.of() : List.copyOf(skippedFiles);
    }

    /** A result without a held-out student-teacher cosine or a peak-memory reading (neither measured). */
    public CandidateResult(String blockString, Status status, String failure, String proxy, long seed, long params, long macs,
                           long flops, double mflops, long sizeBytes, Double accuracy, Double accuracyStd, Double tarAtFar1e3,
                           Double tarAtFar1e4, Double rocAuc, Double pixelBaselineAccuracy, Double latencyMs, Double finalLoss,
                           int trainImages, int trainIdentities, int pairs, int skippedImages, List<String> skippedFiles,
                           double trainSeconds, double evalSeconds, double imagesPerSecond, String kd, String teacherHash,
                           Double studentTeacherCosine, Double noKdAccuracy) {
        this(blockString, status, failure, proxy, seed, params, macs, flops, mflops, sizeBytes, accuracy, accuracyStd, tarAtFar1e3,
                tarAtFar1e4, rocAuc, pixelBaselineAccuracy, latencyMs, finalLoss, trainImages, trainIdentities, pairs, skippedImages,
                skippedFiles, trainSeconds, evalSeconds, imagesPerSecond, kd, teacherHash, studentTeacherCosine, noKdAccuracy, null, null);
    }

    /** This result with the accuracy of the same candidate trained without KD. */
    public CandidateResult withNoKdAccuracy(Double accuracyWithoutKd) {
        return new CandidateResult(blockString, status, failure, proxy, seed, params, macs, flops, mflops, sizeBytes, accuracy,
                accuracyStd, tarAtFar1e3, tarAtFar1e4, rocAuc, pixelBaselineAccuracy, latencyMs, finalLoss, trainImages,
                trainIdentities, pairs, skippedImages, skippedFiles, trainSeconds, evalSeconds, imagesPerSecond, kd, teacherHash,
                studentTeacherCosine, accuracyWithoutKd, heldOutTeacherCosine, peakRssMb);
    }

    /** This result with the process's peak resident memory now. */
    public CandidateResult withPeakRss() {
        return new CandidateResult(blockString, status, failure, proxy, seed, params, macs, flops, mflops, sizeBytes, accuracy,
                accuracyStd, tarAtFar1e3, tarAtFar1e4, rocAuc, pixelBaselineAccuracy, latencyMs, finalLoss, trainImages,
                trainIdentities, pairs, skippedImages, skippedFiles, trainSeconds, evalSeconds, imagesPerSecond, kd, teacherHash,
                studentTeacherCosine, noKdAccuracy, heldOutTeacherCosine, PeakRss.mebibytes().isPresent() ? PeakRss.mebibytes().getAsLong() : null);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}

package org.facenas.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The outcome of evaluating one architecture on a proxy: verification scores, the raw-pixel baseline on the
 * same pairs, costs, timings and what went wrong if anything did. Field names are the JSON contract of
 * {@code facenas evaluate --json} and of the run record.
 *
 * @param status      {@link Status#OK} or {@link Status#FAILED}; a failed result keeps the costs and names the reason
 * @param accuracy    mean 10-fold verification accuracy (threshold chosen on the other 9 folds)
 * @param rocAuc      ROC AUC over all pairs of the first verification set
 * @param rocAucStd   standard deviation of the ROC AUC over the same 10 folds as {@link #accuracyStd} (each fold's AUC
 *                    over its own pairs); null in a run record written before it was measured (unknown, not 0)
 * @param latencyMs   median ONNX Runtime latency of the exported embedder at 112x112, batch 1, one thread
 * @param kd          the knowledge distillation it trained with ("none", or e.g. "pocketnet(lambda=100.0)")
 * @param studentTeacherCosine mean cosine between the (projected) student and the teacher embedding of the
 *                    training images after training; null without a teacher or when the sizes cannot be compared
 * @param noKdAccuracy the same candidate trained without KD (same seed), when asked for
 * @param heldOutTeacherCosine the same cosine over the scoring pairs' images (identities never trained on), when
 *                    the teacher's embeddings of those were given; null otherwise
 * @param peakRssMb   the evaluating JVM's peak resident memory (VmHWM) when the result was made, MiB; null where
 *                    the OS does not report it. The peak of the whole process, not of this candidate alone.
 * @param verification the scores on each verification set, in the order given (the first is the one
 *                    {@link #accuracy} and the other top-level scores repeat, which a search ranks on); empty in a
 *                    run record written before per-set scores
 * @param zeroCost    a zero-cost proxy's scores at initialisation (nothing trained, no verification scores); null
 *                    for a proxy that trains
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
        Double rocAucStd,
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
        Long peakRssMb,
        List<VerificationScore> verification,
        ZeroCostScores zeroCost) {

    public enum Status { OK, FAILED }

    public CandidateResult {
        skippedFiles = skippedFiles == null ? List.of() : List.copyOf(skippedFiles);
        // a run record written before per-set scores has none: it still reads
        verification = verification == null ? List.of() : List.copyOf(verification);
    }

    /** This result with the accuracy of the same candidate trained without KD. */
    public CandidateResult withNoKdAccuracy(Double accuracyWithoutKd) {
        return toBuilder().noKdAccuracy(accuracyWithoutKd).build();
    }

    /** This result with the process's peak resident memory now. */
    public CandidateResult withPeakRss() {
        return toBuilder().peakRssMb(PeakRss.mebibytes().isPresent() ? PeakRss.mebibytes().getAsLong() : null).build();
    }

    /** The score on one verification set by its name (file name), if it was scored. */
    public java.util.Optional<VerificationScore> verificationSet(String name) {
        return verification.stream().filter(v -> v.set().equals(name)).findFirst();
    }

    /**
     * A builder: the way to make a result (the record has too many fields for positional calls to stay readable, and
     * a new field then breaks no caller). Unset numbers are 0, unset objects null, lists empty.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this result's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder()
                    .blockString(blockString)
                    .status(status)
                    .failure(failure)
                    .proxy(proxy)
                    .seed(seed)
                    .params(params)
                    .macs(macs)
                    .flops(flops)
                    .mflops(mflops)
                    .sizeBytes(sizeBytes)
                    .accuracy(accuracy)
                    .accuracyStd(accuracyStd)
                    .tarAtFar1e3(tarAtFar1e3)
                    .tarAtFar1e4(tarAtFar1e4)
                    .rocAuc(rocAuc)
                    .rocAucStd(rocAucStd)
                    .pixelBaselineAccuracy(pixelBaselineAccuracy)
                    .latencyMs(latencyMs)
                    .finalLoss(finalLoss)
                    .trainImages(trainImages)
                    .trainIdentities(trainIdentities)
                    .pairs(pairs)
                    .skippedImages(skippedImages)
                    .skippedFiles(skippedFiles)
                    .trainSeconds(trainSeconds)
                    .evalSeconds(evalSeconds)
                    .imagesPerSecond(imagesPerSecond)
                    .kd(kd)
                    .teacherHash(teacherHash)
                    .studentTeacherCosine(studentTeacherCosine)
                    .noKdAccuracy(noKdAccuracy)
                    .heldOutTeacherCosine(heldOutTeacherCosine)
                    .peakRssMb(peakRssMb)
                    .verification(verification)
                    .zeroCost(zeroCost);
    }

    /** Builds a {@link CandidateResult} by field name. */
    public static final class Builder {
        private String blockString;
        private Status status;
        private String failure;
        private String proxy;
        private long seed;
        private long params;
        private long macs;
        private long flops;
        private double mflops;
        private long sizeBytes;
        private Double accuracy;
        private Double accuracyStd;
        private Double tarAtFar1e3;
        private Double tarAtFar1e4;
        private Double rocAuc;
        private Double rocAucStd;
        private Double pixelBaselineAccuracy;
        private Double latencyMs;
        private Double finalLoss;
        private int trainImages;
        private int trainIdentities;
        private int pairs;
        private int skippedImages;
        private List<String> skippedFiles = List.of();
        private double trainSeconds;
        private double evalSeconds;
        private double imagesPerSecond;
        private String kd;
        private String teacherHash;
        private Double studentTeacherCosine;
        private Double noKdAccuracy;
        private Double heldOutTeacherCosine;
        private Long peakRssMb;
        private List<VerificationScore> verification = List.of();
        private ZeroCostScores zeroCost;

        private Builder() {
        }

        public Builder blockString(String value) {
            this.blockString = value;
            return this;
        }

        public Builder status(Status value) {
            this.status = value;
            return this;
        }

        public Builder failure(String value) {
            this.failure = value;
            return this;
        }

        public Builder proxy(String value) {
            this.proxy = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder params(long value) {
            this.params = value;
            return this;
        }

        public Builder macs(long value) {
            this.macs = value;
            return this;
        }

        public Builder flops(long value) {
            this.flops = value;
            return this;
        }

        public Builder mflops(double value) {
            this.mflops = value;
            return this;
        }

        public Builder sizeBytes(long value) {
            this.sizeBytes = value;
            return this;
        }

        public Builder accuracy(Double value) {
            this.accuracy = value;
            return this;
        }

        public Builder accuracyStd(Double value) {
            this.accuracyStd = value;
            return this;
        }

        public Builder tarAtFar1e3(Double value) {
            this.tarAtFar1e3 = value;
            return this;
        }

        public Builder tarAtFar1e4(Double value) {
            this.tarAtFar1e4 = value;
            return this;
        }

        public Builder rocAuc(Double value) {
            this.rocAuc = value;
            return this;
        }

        public Builder rocAucStd(Double value) {
            this.rocAucStd = value;
            return this;
        }

        public Builder pixelBaselineAccuracy(Double value) {
            this.pixelBaselineAccuracy = value;
            return this;
        }

        public Builder latencyMs(Double value) {
            this.latencyMs = value;
            return this;
        }

        public Builder finalLoss(Double value) {
            this.finalLoss = value;
            return this;
        }

        public Builder trainImages(int value) {
            this.trainImages = value;
            return this;
        }

        public Builder trainIdentities(int value) {
            this.trainIdentities = value;
            return this;
        }

        public Builder pairs(int value) {
            this.pairs = value;
            return this;
        }

        public Builder skippedImages(int value) {
            this.skippedImages = value;
            return this;
        }

        public Builder skippedFiles(List<String> value) {
            this.skippedFiles = value;
            return this;
        }

        public Builder trainSeconds(double value) {
            this.trainSeconds = value;
            return this;
        }

        public Builder evalSeconds(double value) {
            this.evalSeconds = value;
            return this;
        }

        public Builder imagesPerSecond(double value) {
            this.imagesPerSecond = value;
            return this;
        }

        public Builder kd(String value) {
            this.kd = value;
            return this;
        }

        public Builder teacherHash(String value) {
            this.teacherHash = value;
            return this;
        }

        public Builder studentTeacherCosine(Double value) {
            this.studentTeacherCosine = value;
            return this;
        }

        public Builder noKdAccuracy(Double value) {
            this.noKdAccuracy = value;
            return this;
        }

        public Builder heldOutTeacherCosine(Double value) {
            this.heldOutTeacherCosine = value;
            return this;
        }

        public Builder peakRssMb(Long value) {
            this.peakRssMb = value;
            return this;
        }

        public Builder verification(List<VerificationScore> value) {
            this.verification = value;
            return this;
        }

        public Builder zeroCost(ZeroCostScores value) {
            this.zeroCost = value;
            return this;
        }

        public CandidateResult build() {
            return new CandidateResult(blockString, status, failure, proxy, seed, params, macs, flops, mflops, sizeBytes, accuracy, accuracyStd, tarAtFar1e3, tarAtFar1e4, rocAuc, rocAucStd, pixelBaselineAccuracy, latencyMs, finalLoss, trainImages, trainIdentities, pairs, skippedImages, skippedFiles, trainSeconds, evalSeconds, imagesPerSecond, kd, teacherHash, studentTeacherCosine, noKdAccuracy, heldOutTeacherCosine, peakRssMb, verification, zeroCost);
        }
    }

    public boolean ok() {
        return status == Status.OK;
    }
}

package org.facenas.evaluator.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.facenas.records.PairScores;

/**
 * The LFW / InsightFace verification protocol on similarity scores (higher = more alike): 10-fold accuracy with
 * each fold's threshold chosen on the other folds, TAR at fixed FAR, and ROC AUC with its spread over the same folds.
 */
public final class VerificationProtocol {

    private VerificationProtocol() {
    }

    /** One scored pair. */
    public record ScoredPair(double score, boolean same, int fold) {
    }

    public static PairScores score(List<ScoredPair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no verification pairs to score");
        }
        int folds = pairs.stream().mapToInt(ScoredPair::fold).max().orElse(0) + 1;
        double[] accuracies = new double[folds];
        double[] foldAucs = new double[folds];
        int used = 0;
        int aucs = 0;
        for (int f = 0; f < folds; f++) {
            int fold = f;
            List<ScoredPair> test = pairs.stream().filter(p -> p.fold() == fold).toList();
            List<ScoredPair> train = folds == 1 ? pairs : pairs.stream().filter(p -> p.fold() != fold).toList();
            if (test.isEmpty()) {
                continue;
            }
            double threshold = bestThreshold(train);
            accuracies[used++] = accuracy(test, threshold);
            double auc = rocAuc(test);
            if (!Double.isNaN(auc)) {
                foldAucs[aucs++] = auc;
            }
        }
        double[] acc = Arrays.copyOf(accuracies, used);
        double mean = Arrays.stream(acc).average().orElse(0);
        return new PairScores(mean, populationStd(acc), tarAtFar(pairs, 1e-3), tarAtFar(pairs, 1e-4), rocAuc(pairs),
                rocAucFoldStd(Arrays.copyOf(foldAucs, aucs)));
    }

    /**
     * The spread of ROC AUC over the folds: the population std of each fold's AUC (its own pairs only). It is the same
     * kind of figure as accuracy's fold std, over the same folds, so "AUC +- std" and "accuracy +- std" read alike
     * side by side; a DeLong or Hanley-McNeil standard error would instead be the error of the all-pairs AUC, about
     * sqrt(10) narrower than a fold spread, and bars of two meanings on one page invite misreading. Null (unknown,
     * not 0) when fewer than two folds hold both same and different pairs: one figure has no spread.
     */
    static Double rocAucFoldStd(double[] foldAucs) {
        return foldAucs.length < 2 ? null : populationStd(foldAucs);
    }

    /** Population std (divide by n), as insightface's {@code np.std} over the fold accuracies. */
    private static double populationStd(double[] values) {
        double mean = Arrays.stream(values).average().orElse(0);
        return Math.sqrt(Arrays.stream(values).map(a -> (a - mean) * (a - mean)).average().orElse(0));
    }

    /** Accuracy when pairs scoring at or above {@code threshold} are called the same person. */
    public static double accuracy(List<ScoredPair> pairs, double threshold) {
        long correct = pairs.stream().filter(p -> (p.score() >= threshold) == p.same()).count();
        return (double) correct / pairs.size();
    }

    /**
     * The threshold that maximises accuracy on {@code pairs}: one sorted sweep over every distinct cut between
     * adjacent scores (exact, not a grid); the lowest such threshold wins ties.
     */
    public static double bestThreshold(List<ScoredPair> pairs) {
        List<ScoredPair> sorted = new ArrayList<>(pairs);
        sorted.sort((a, b) -> Double.compare(a.score(), b.score()));
        int n = sorted.size();
        long sameTotal = sorted.stream().filter(ScoredPair::same).count();
        // threshold below everything: all called same
        long correct = sameTotal;
        long best = correct;
        double bestThreshold = sorted.get(0).score() - 1e-9;
        for (int i = 0; i < n; i++) {
            // move pair i (and its ties) below the threshold: now called different
            correct += sorted.get(i).same() ? -1 : 1;
            if (i + 1 < n && sorted.get(i + 1).score() == sorted.get(i).score()) {
                continue;
            }
            if (correct > best) {
                best = correct;
                bestThreshold = i + 1 < n ? (sorted.get(i).score() + sorted.get(i + 1).score()) / 2 : sorted.get(i).score() + 1e-9;
            }
        }
        return bestThreshold;
    }

    /**
     * True accept rate at the threshold that accepts at most {@code far} of the different pairs; null when there
     * are fewer than 1/far different pairs, so the rate cannot be measured.
     */
    public static Double tarAtFar(List<ScoredPair> pairs, double far) {
        double[] negatives = pairs.stream().filter(p -> !p.same()).mapToDouble(ScoredPair::score).sorted().toArray();
        double[] positives = pairs.stream().filter(ScoredPair::same).mapToDouble(ScoredPair::score).toArray();
        if (negatives.length < Math.round(1 / far) || positives.length == 0) {
            return null;
        }
        int allowed = (int) Math.floor(far * negatives.length);
        // accept scores strictly above the (allowed+1)-th highest negative
        double threshold = negatives[negatives.length - 1 - allowed];
        long accepted = Arrays.stream(positives).filter(s -> s > threshold).count();
        return (double) accepted / positives.length;
    }

    /** Area under the ROC curve: the chance a random same pair outscores a random different pair, ties half. */
    public static double rocAuc(List<ScoredPair> pairs) {
        List<ScoredPair> sorted = new ArrayList<>(pairs);
        sorted.sort((a, b) -> Double.compare(a.score(), b.score()));
        long pos = sorted.stream().filter(ScoredPair::same).count();
        long neg = sorted.size() - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        double rankSum = 0;
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1).score() == sorted.get(i).score()) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (sorted.get(k).same()) {
                    rankSum += midRank;
                }
            }
            i = j + 1;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}

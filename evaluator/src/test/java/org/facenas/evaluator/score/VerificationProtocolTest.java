package org.facenas.evaluator.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.facenas.evaluator.score.VerificationProtocol.ScoredPair;
import org.facenas.records.PairScores;
import org.junit.jupiter.api.Test;

class VerificationProtocolTest {

    private static List<ScoredPair> random(Random r, int n, double separation) {
        List<ScoredPair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean same = r.nextBoolean();
            // coarse scores so that ties happen
            double s = Math.round((r.nextGaussian() + (same ? separation : 0)) * 20) / 20.0;
            pairs.add(new ScoredPair(s, same, i * 10 / n));
        }
        return pairs;
    }

    @Test
    void thresholdSearchFindsTheBestAccuracyOfAnyThreshold() {
        Random r = new Random(3);
        for (int t = 0; t < 300; t++) {
            List<ScoredPair> pairs = random(r, 2 + r.nextInt(80), r.nextDouble() * 2);
            double oracle = 0;
            List<Double> candidates = new ArrayList<>();
            pairs.forEach(p -> candidates.add(p.score()));
            candidates.add(Double.POSITIVE_INFINITY);
            for (double c : candidates) {
                oracle = Math.max(oracle, VerificationProtocol.accuracy(pairs, c));
            }
            assertEquals(oracle, VerificationProtocol.accuracy(pairs, VerificationProtocol.bestThreshold(pairs)), 1e-12);
        }
    }

    @Test
    void aucEqualsPairwiseCounting() {
        Random r = new Random(5);
        for (int t = 0; t < 200; t++) {
            List<ScoredPair> pairs = random(r, 2 + r.nextInt(60), 1);
            double wins = 0;
            long comparisons = 0;
            for (ScoredPair p : pairs) {
                for (ScoredPair q : pairs) {
                    if (p.same() && !q.same()) {
                        comparisons++;
                        wins += p.score() > q.score() ? 1 : p.score() == q.score() ? 0.5 : 0;
                    }
                }
            }
            double expected = comparisons == 0 ? Double.NaN : wins / comparisons;
            assertEquals(expected, VerificationProtocol.rocAuc(pairs), 1e-12);
        }
    }

    /** Mann-Whitney by counting: the share of (same, different) pairs the same pair wins, ties half; NaN without both. */
    private static double pairwiseAuc(List<ScoredPair> pairs) {
        double wins = 0;
        long comparisons = 0;
        for (ScoredPair p : pairs) {
            for (ScoredPair q : pairs) {
                if (p.same() && !q.same()) {
                    comparisons++;
                    wins += p.score() > q.score() ? 1 : p.score() == q.score() ? 0.5 : 0;
                }
            }
        }
        return comparisons == 0 ? Double.NaN : wins / comparisons;
    }

    /**
     * The AUC's fold std against brute force: each fold's AUC by pairwise counting over that fold's pairs alone, folds
     * lacking same or different pairs left out, then the population std by its definition; null below two folds.
     * Small random sets (2-80 pairs over 10 folds) make such folds and coarse scores make ties, often.
     */
    @Test
    void aucFoldStdEqualsTheSpreadOfPairwiseFoldAucs() {
        Random r = new Random(11);
        int nulls = 0;
        int spreads = 0;
        for (int t = 0; t < 500; t++) {
            List<ScoredPair> pairs = random(r, 2 + r.nextInt(120), r.nextDouble() * 2);
            List<Double> foldAucs = new ArrayList<>();
            for (int f = 0; f < 10; f++) {
                int fold = f;
                double auc = pairwiseAuc(pairs.stream().filter(p -> p.fold() == fold).toList());
                if (!Double.isNaN(auc)) {
                    foldAucs.add(auc);
                }
            }
            PairScores s = VerificationProtocol.score(pairs);
            if (foldAucs.size() < 2) {
                assertNull(s.rocAucStd(), "one fold's AUC has no spread: " + foldAucs);
                nulls++;
                continue;
            }
            double sum = 0;
            for (double a : foldAucs) {
                sum += a;
            }
            double mean = sum / foldAucs.size();
            double squares = 0;
            for (double a : foldAucs) {
                squares += (a - mean) * (a - mean);
            }
            assertEquals(Math.sqrt(squares / foldAucs.size()), s.rocAucStd(), 1e-12);
            assertEquals(pairwiseAuc(pairs), s.rocAuc(), 1e-12, "the AUC itself stays the all-pairs one");
            spreads += s.rocAucStd() > 0 ? 1 : 0;
        }
        assertTrue(nulls > 10 && spreads > 300, "both cases exercised: " + nulls + " null, " + spreads + " non-zero");
    }

    @Test
    void tarAtFarAcceptsAtMostThatShareOfNegatives() {
        Random r = new Random(9);
        for (int t = 0; t < 50; t++) {
            List<ScoredPair> pairs = random(r, 3000 + r.nextInt(3000), 2);
            Double tar = VerificationProtocol.tarAtFar(pairs, 1e-3);
            double[] neg = pairs.stream().filter(p -> !p.same()).mapToDouble(ScoredPair::score).toArray();
            double[] pos = pairs.stream().filter(ScoredPair::same).mapToDouble(ScoredPair::score).toArray();
            // oracle: the lowest threshold among scores whose false-accept share is within 1e-3
            double bestTar = 0;
            for (double thr : neg) {
                long fa = java.util.Arrays.stream(neg).filter(s -> s > thr).count();
                if (fa <= Math.floor(1e-3 * neg.length)) {
                    bestTar = Math.max(bestTar, java.util.Arrays.stream(pos).filter(s -> s > thr).count() / (double) pos.length);
                }
            }
            assertEquals(bestTar, tar, 1e-12);
        }
        assertNull(VerificationProtocol.tarAtFar(random(new Random(1), 3000, 1), 1e-4), "1,500 negatives cannot measure 1e-4");
    }

    @Test
    void separableScoresScorePerfectlyAndFoldsAreHeldOut() {
        List<ScoredPair> pairs = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            pairs.add(new ScoredPair(i % 2 == 0 ? 0.9 : 0.1, i % 2 == 0, i / 60));
        }
        PairScores s = VerificationProtocol.score(pairs);
        assertEquals(1.0, s.accuracy());
        assertEquals(0.0, s.accuracyStd());
        assertEquals(1.0, s.rocAuc());
        // hand-computed: fold 0 holds a pair the other folds' threshold (0.5) gets wrong
        pairs.set(0, new ScoredPair(0.2, true, 0));
        s = VerificationProtocol.score(pairs);
        assertEquals((59.0 / 60 + 9) / 10, s.accuracy(), 1e-12);
        assertEquals(1.0, s.rocAuc(), "0.2 still outscores every different pair (0.1)");
        assertEquals(0.0, s.rocAucStd());
        // hand-computed: below every different pair, fold 0's AUC is 29/30 and the others' 1; deviations -0.9/30 once
        // and 0.1/30 nine times give a std of sqrt(0.09) / 30 = 0.01
        pairs.set(0, new ScoredPair(0.05, true, 0));
        assertEquals(0.01, VerificationProtocol.score(pairs).rocAucStd(), 1e-12);
        // one fold: one AUC, no spread to report
        assertNull(VerificationProtocol.score(pairs.stream().map(p -> new ScoredPair(p.score(), p.same(), 0)).toList()).rocAucStd());
    }
}

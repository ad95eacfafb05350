package org.facenas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.facenas.records.CandidateResult;
import org.junit.jupiter.api.Test;

/** The quality scores a search can rank on, on working, failed and unscored candidates. */
class MetricTest {

    static CandidateResult result(boolean ok, Double accuracy, Double auc) {
        return CandidateResult.builder().blockString("bs").status(ok ? CandidateResult.Status.OK : CandidateResult.Status.FAILED)
                .failure(ok ? null : "nan loss").proxy("screen").params(1000).macs(5_000_000).flops(10_000_000).mflops(10)
                .sizeBytes(4000).accuracy(accuracy).accuracyStd(accuracy == null ? null : 0.02).rocAuc(auc).kd("none").build();
    }

    @Test
    void rocAucIsReadFromTheResultAndZeroWhenFailedOrMissing() {
        assertEquals(Metric.ROCAUC, Metric.parse("rocauc"));
        assertEquals(Metric.ROCAUC, Metric.parse(" RocAuc "));
        assertEquals("rocauc", Metric.ROCAUC.key());
        assertTrue(Metric.ROCAUC.maximise() && Metric.ROCAUC.quality() && Metric.ACCURACY.quality());
        assertFalse(Metric.MFLOPS.quality() || Metric.PARAMS.quality() || Metric.LATENCY.quality());

        CandidateResult ok = result(true, 0.71, 0.83);
        assertEquals(0.83, Metric.ROCAUC.value(ok));
        assertEquals(0.71, Metric.ACCURACY.value(ok));
        assertTrue(Metric.ROCAUC.scored(ok) && Metric.ACCURACY.scored(ok));
        // a failure: 0, below any working candidate's AUC (even one under chance), so it stays dominated
        CandidateResult failed = result(false, 0.9, 0.9);
        assertEquals(0.0, Metric.ROCAUC.value(failed));
        assertEquals(0.0, Metric.ACCURACY.value(failed));
        assertFalse(Metric.ROCAUC.scored(failed) || Metric.ACCURACY.scored(failed));
        assertTrue(Metric.MFLOPS.scored(failed));
        // a working candidate with accuracy but no AUC (a record from before AUC was kept) has no AUC score
        CandidateResult noAuc = result(true, 0.7, null);
        assertEquals(0.0, Metric.ROCAUC.value(noAuc));
        assertFalse(Metric.ROCAUC.scored(noAuc));
        assertTrue(Metric.ACCURACY.scored(noAuc));
    }

    @Test
    void theMnasRewardAndHypervolumeReadTheChosenQualityScore() {
        MnasReward reward = MnasReward.soft(Metric.MFLOPS, 10);
        CandidateResult r = result(true, 0.6, 0.9);
        // at the target the cost factor is 1: the reward is the quality score itself
        assertEquals(0.9, reward.of(r, Metric.ROCAUC), 1e-12);
        assertEquals(0.6, reward.of(r, Metric.ACCURACY), 1e-12);
        assertEquals(reward.of(r, Metric.ACCURACY), reward.of(r), 0);
        assertEquals(0.0, reward.of(result(false, 0.9, 0.9), Metric.ROCAUC));
        // one point dominates (quality - ref) x (ref MFLOPs - MFLOPs)
        assertEquals((0.9 - 0.5) * (100 - 10), RunFront.qualityMflopsHypervolume(Metric.ROCAUC, List.of(r), List.of(0.5, 100.0)), 1e-9);
        assertEquals((0.6 - 0.5) * (100 - 10), RunFront.qualityMflopsHypervolume(Metric.ACCURACY, List.of(r), List.of(0.5, 100.0)), 1e-9);
    }
}

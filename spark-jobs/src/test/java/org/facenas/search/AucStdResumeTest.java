package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.facenas.records.CandidateResult;
import org.facenas.results.RunRecord;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run recorded before ROC AUC had a fold std resumes through the search's own run directory: the old candidate is
 * reused as recorded (its std unknown, not retrained and not made 0), new candidates are appended with their std, and
 * the record reopens with both.
 */
class AucStdResumeTest {

    @TempDir
    Path dir;

    @Test
    void aRunRecordedBeforeTheAucStdResumes() throws Exception {
        Files.writeString(dir.resolve(RunRecord.CONFIG), """
                name: old-auc
                data: /nonexistent/data
                populationSize: 2
                generations: 2
                objectives: [rocauc, mflops]
                """);
        String old = Zoo.get("mobilefacenet").blockString();
        // a line as last round's search wrote it: rocAuc, no rocAucStd (top level or per set)
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), "{\"blockString\":\"" + old + "\",\"status\":\"OK\",\"failure\":null,"
                + "\"proxy\":\"screen\",\"seed\":1,\"params\":1000,\"macs\":2000,\"flops\":4000,\"mflops\":441.9,\"sizeBytes\":4000,"
                + "\"accuracy\":0.64,\"accuracyStd\":0.02,\"tarAtFar1e3\":null,\"tarAtFar1e4\":null,\"rocAuc\":0.7086,"
                + "\"pixelBaselineAccuracy\":0.6,\"latencyMs\":1.5,\"finalLoss\":1.0,\"trainImages\":10,\"trainIdentities\":2,\"pairs\":3000,"
                + "\"skippedImages\":0,\"skippedFiles\":[],\"trainSeconds\":1.0,\"evalSeconds\":1.0,\"imagesPerSecond\":10.0,\"kd\":\"none\","
                + "\"teacherHash\":null,\"studentTeacherCosine\":null,\"noKdAccuracy\":null,\"heldOutTeacherCosine\":null,\"peakRssMb\":2689,"
                + "\"verification\":[{\"set\":\"pairsDevTest.txt\",\"pairs\":3000,\"accuracy\":0.64,\"accuracyStd\":0.02,\"tarAtFar1e3\":null,"
                + "\"tarAtFar1e4\":null,\"rocAuc\":0.7086,\"pixelBaselineAccuracy\":0.6}],\"runId\":\"old-auc\",\"generation\":1,\"rung\":0,"
                + "\"genotype\":[1],\"executor\":\"0@host\",\"recordedAt\":\"t\",\"dataHash\":\"h\"}\n");

        RunDirectory run = RunDirectory.open(dir);
        CandidateResult reused = run.result(old).orElseThrow();
        assertEquals(0.7086, reused.rocAuc());
        assertNull(reused.rocAucStd(), "unknown, not 0");
        assertNull(reused.verification().get(0).rocAucStd());
        assertFalse(run.record(reused, 2, 0, new int[] {1}, "0@host", "h"), "a recorded candidate is reused, not recorded again");

        Cost c = CostModel.of(Zoo.get("ds-face-k7"));
        CandidateResult fresh = CandidateResult.builder().blockString(Zoo.get("ds-face-k7").blockString()).status(CandidateResult.Status.OK)
                .proxy("screen").seed(1).params(c.params()).macs(c.macs()).flops(c.flops()).mflops(c.mflops()).sizeBytes(c.sizeBytes())
                .accuracy(0.62).accuracyStd(0.03).rocAuc(0.69).rocAucStd(0.031).kd("none").build();
        assertTrue(run.record(fresh, 2, 0, new int[] {2}, "0@host", "h"));

        RunDirectory reopened = RunDirectory.open(dir);
        assertEquals(2, reopened.results().size());
        assertNull(reopened.result(old).orElseThrow().rocAucStd());
        assertEquals(fresh, reopened.result(fresh.blockString()).orElseThrow());
        assertEquals(0.031, RunRecord.open(dir).candidates().stream().filter(r -> r.blockString().equals(fresh.blockString()))
                .findFirst().orElseThrow().result().rocAucStd());
    }
}

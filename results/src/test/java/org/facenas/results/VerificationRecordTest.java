package org.facenas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.cli.OneLineErrors;
import org.facenas.records.CandidateResult;
import org.facenas.records.VerificationScore;
import org.facenas.results.cli.FrontCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Per-verification-set scores in the run record: written and read back field for field, shown by front and the
 * report; a record written before them (no {@code verification} field) still reads, as does a config with
 * {@code verification: [..]}.
 */
class VerificationRecordTest {

    @TempDir
    Path dir;

    static final String LFW = RunRecordTest.zoo("mobilefacenet");

    static CandidateResult twoSets(double lfw, double cfp) {
        return RunRecordTest.result(LFW, lfw).toBuilder().verification(List.of(
                new VerificationScore("lfw.bin", 6000, lfw, 0.01, 0.5, 0.3, 0.95, 0.012, 0.62),
                new VerificationScore("cfp_fp.bin", 7000, cfp, 0.02, null, null, 0.85, 0.021, 0.55))).build();
    }

    @Test
    void perSetScoresRoundTripThroughTheRunRecordAndShowInFrontAndReport() throws Exception {
        Files.writeString(dir.resolve(RunRecord.CONFIG), RunRecordTest.CONFIG + "verification: [lfw.bin, cfp_fp.bin]\n");
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), "");
        CandidateRecord a = new CandidateRecord(twoSets(0.91, 0.81), "test", 1, 0, new int[] {1}, "0@host", "t", "hash");
        try (RunLog log = RunLog.open(dir)) {
            log.append(a);
        }
        assertEquals(List.of(a), RunLog.readCandidates(dir));
        CandidateResult back = RunLog.readCandidates(dir).get(0).result();
        assertEquals(0.81, back.verificationSet("cfp_fp.bin").orElseThrow().accuracy());
        assertEquals(null, back.verificationSet("cfp_fp.bin").orElseThrow().tarAtFar1e3());
        assertEquals(0.021, back.verificationSet("cfp_fp.bin").orElseThrow().rocAucStd());

        RunRecord run = RunRecord.open(dir);
        assertEquals(List.of("lfw.bin", "cfp_fp.bin"), run.config().verification());
        assertEquals(List.of(Path.of("/nonexistent/data/lfw.bin"), Path.of("/nonexistent/data/cfp_fp.bin")), run.config().verificationFiles());
        List<FrontRow> front = RunFront.of(run, null, null, "accuracy");
        assertEquals(List.of("lfw.bin", "cfp_fp.bin"), FrontRow.setNames(front));

        StringWriter out = new StringWriter();
        CommandLine cli = OneLineErrors.install(new CommandLine(new FrontCommand()));
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(dir.toString()));
        String header = out.toString().lines().filter(l -> l.startsWith("rank")).findFirst().orElseThrow();
        assertTrue(header.contains("lfw.bin") && header.contains("cfp_fp.bin"), out.toString());
        assertTrue(out.toString().contains("0.8100 +- 0.0200"), out.toString());

        String report = org.facenas.results.report.HtmlReport.render(run);
        assertTrue(report.contains("\"set\":\"cfp_fp.bin\"") && report.contains("0.81"), report);
    }

    /** A run ranked on ROC AUC: each set's column is that set's AUC +- its fold std, what the search's ranking compares. */
    @Test
    void anAucRunShowsEachSetsAucWithItsFoldStd() throws Exception {
        Files.writeString(dir.resolve(RunRecord.CONFIG), RunRecordTest.CONFIG + "verification: [lfw.bin, cfp_fp.bin]\n"
                + "objectives: [rocauc, mflops]\n");
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), "");
        try (RunLog log = RunLog.open(dir)) {
            log.append(new CandidateRecord(twoSets(0.91, 0.81).toBuilder().rocAuc(0.95).rocAucStd(0.012).build(), "test", 1, 0,
                    new int[] {1}, "0@host", "t", "hash"));
        }
        StringWriter out = new StringWriter();
        CommandLine cli = OneLineErrors.install(new CommandLine(new FrontCommand()));
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(dir.toString()));
        String header = out.toString().lines().filter(l -> l.startsWith("rank")).findFirst().orElseThrow();
        String row = out.toString().lines().filter(l -> l.contains(LFW)).findFirst().orElseThrow();
        assertTrue(header.contains("lfw.bin AUC") && header.contains("cfp_fp.bin AUC"), out.toString());
        assertEquals(header.indexOf("cfp_fp.bin AUC"), row.indexOf("0.8500 +- 0.0210"), "under its header: " + out);
        assertEquals(header.indexOf("lfw.bin AUC"), row.lastIndexOf("0.9500 +- 0.0120"), "under its header (the first set is also the ROC AUC column): " + out);
        String mflops = String.format(java.util.Locale.ROOT, " %.1f ", RunRecordTest.result(LFW, 0.9).mflops());
        assertEquals(header.indexOf("MFLOPs") + "MFLOPs".length(), row.indexOf(mflops, row.indexOf("0.8500")) + mflops.length() - 1,
                "the columns after the sets stay aligned: " + out);
    }

    /** A line as the run record held it before per-set scores (last session's fields, no "verification"). */
    @Test
    void aRecordWrittenBeforePerSetScoresStillReads() throws Exception {
        Files.writeString(dir.resolve(RunRecord.CONFIG), RunRecordTest.CONFIG);
        String old = "{\"blockString\":\"" + LFW + "\",\"status\":\"OK\",\"failure\":null,\"proxy\":\"tiny\",\"seed\":1,\"params\":1000,"
                + "\"macs\":2000,\"flops\":4000,\"mflops\":0.004,\"sizeBytes\":4000,\"accuracy\":0.7,\"accuracyStd\":0.01,\"tarAtFar1e3\":null,"
                + "\"tarAtFar1e4\":null,\"rocAuc\":0.9,\"pixelBaselineAccuracy\":0.6,\"latencyMs\":1.5,\"finalLoss\":1.0,\"trainImages\":10,"
                + "\"trainIdentities\":2,\"pairs\":20,\"skippedImages\":0,\"skippedFiles\":[],\"trainSeconds\":1.0,\"evalSeconds\":1.0,"
                + "\"imagesPerSecond\":10.0,\"kd\":\"none\",\"teacherHash\":null,\"studentTeacherCosine\":null,\"noKdAccuracy\":null,"
                + "\"heldOutTeacherCosine\":null,\"peakRssMb\":2689,\"runId\":\"test\",\"generation\":1,\"rung\":0,\"genotype\":[1,2],"
                + "\"executor\":\"0@host\",\"recordedAt\":\"t\",\"dataHash\":\"h\"}\n";
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), old);
        RunRecord run = RunRecord.open(dir);
        CandidateResult r = run.candidates().get(0).result();
        assertEquals(0.7, r.accuracy());
        assertEquals(2689L, r.peakRssMb());
        assertEquals(List.of(), r.verification());
        assertEquals(List.of(), FrontRow.setNames(RunFront.of(run, null, null, "accuracy")));
        assertEquals(List.of(Path.of("/nonexistent/data/pairsDevTest.txt")), run.config().verificationFiles());
    }

    @Test
    void aConfigNamingTwoSetsOfOneFileNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchConfig.parse(RunRecordTest.CONFIG + "verification: [a/lfw.bin, b/lfw.bin]\n", "c.yaml"));
        assertTrue(e.getMessage().contains("verification names two sets with one file name"), e.getMessage());
    }

    @Test
    void theBuilderKeepsEveryFieldAndTheOldConstructorMeansNoSets() {
        CandidateResult r = twoSets(0.9, 0.8);
        assertEquals(r, r.toBuilder().build());
        CandidateResult positional = RunRecordTest.result(LFW, 0.9);
        assertEquals(List.of(), positional.verification());
        assertEquals(positional, positional.toBuilder().build());
    }
}

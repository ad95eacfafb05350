package org.facenas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.evaluator.CandidateResult;
import org.facenas.results.cli.FrontCommand;
import org.facenas.searchspace.cli.OneLineErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A run that ranks on ROC AUC: its front, front table and report follow AUC, not accuracy, and claim no AUC std. */
class RocAucFrontTest {

    @TempDir
    Path dir;

    @Test
    void theFrontOfAnAucRunIsOverAucAndSaysItHasNoStd() throws Exception {
        Files.writeString(dir.resolve(RunRecord.CONFIG), RunRecordTest.CONFIG + "objectives: [rocauc, mflops]\n");
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), "");
        String bs = RunRecordTest.zoo("mobilefacenet");
        // one architecture twice would be one candidate: two of equal cost, accuracy and AUC disagreeing
        String other = RunRecordTest.zoo("mobilefacenet-512");
        CandidateResult highAcc = RunRecordTest.result(bs, 0.90).toBuilder().rocAuc(0.60).build();
        CandidateResult highAuc = RunRecordTest.result(other, 0.60).toBuilder().rocAuc(0.95).mflops(highAcc.mflops()).build();
        try (RunLog log = RunLog.open(dir)) {
            log.append(new CandidateRecord(highAcc, "test", 1, 0, new int[] {1}, "0@host", "t", "hash"));
            log.append(new CandidateRecord(highAuc, "test", 1, 0, new int[] {2}, "0@host", "t", "hash"));
        }
        RunRecord run = RunRecord.open(dir);
        assertEquals(Metric.ROCAUC, run.config().qualityMetric());
        List<FrontRow> front = RunFront.of(run, null, null, "score");
        assertEquals(List.of(other), front.stream().map(FrontRow::blockString).toList(), "AUC 0.95 dominates AUC 0.60 at equal MFLOPs");
        assertEquals(0.95, front.get(0).rocAuc());

        StringWriter out = new StringWriter();
        CommandLine cli = OneLineErrors.install(new CommandLine(new FrontCommand()));
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(dir.toString()));
        String header = out.toString().lines().filter(l -> l.startsWith("rank")).findFirst().orElseThrow();
        assertTrue(header.contains("ROC AUC (no std)") && header.contains("accuracy"), out.toString());
        assertTrue(out.toString().contains("0.9500") && out.toString().contains("0.6000 +- 0.0100"), out.toString());

        String report = org.facenas.results.report.HtmlReport.render(run);
        assertTrue(report.contains("\"score\":\"rocauc\"") && report.contains("no fold std"), "report names its score");
        // the same record read as an accuracy run ranks the other way
        Files.writeString(dir.resolve(RunRecord.CONFIG), RunRecordTest.CONFIG);
        assertEquals(List.of(bs), RunFront.of(RunRecord.open(dir), null, null, "accuracy").stream().map(FrontRow::blockString).toList());
    }
}

package org.facenas.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.cli.OneLineErrors;
import org.facenas.records.CandidateResult;
import org.facenas.results.cli.FrontCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A run that ranks on ROC AUC: its front, front table and report follow AUC, not accuracy, each AUC with its fold std;
 * a candidate recorded before AUC had a std shows it as unknown (n/a, no error bar), never as 0.
 */
class RocAucFrontTest {

    @TempDir
    Path dir;

    @Test
    void theFrontOfAnAucRunIsOverAucWithItsFoldStd() throws Exception {
        Files.writeString(dir.resolve(RunRecord.CONFIG), RunRecordTest.CONFIG + "objectives: [rocauc, mflops]\n");
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), "");
        String bs = RunRecordTest.zoo("mobilefacenet");
        // one architecture twice would be one candidate: two of equal cost, accuracy and AUC disagreeing
        String other = RunRecordTest.zoo("mobilefacenet-512");
        CandidateResult highAcc = RunRecordTest.result(bs, 0.90).toBuilder().rocAuc(0.60).rocAucStd(0.0420).build();
        CandidateResult highAuc = RunRecordTest.result(other, 0.60).toBuilder().rocAuc(0.95).rocAucStd(0.0150).mflops(highAcc.mflops()).build();
        try (RunLog log = RunLog.open(dir)) {
            log.append(new CandidateRecord(highAcc, "test", 1, 0, new int[] {1}, "0@host", "t", "hash"));
            log.append(new CandidateRecord(highAuc, "test", 1, 0, new int[] {2}, "0@host", "t", "hash"));
        }
        RunRecord run = RunRecord.open(dir);
        assertEquals(Metric.ROCAUC, run.config().qualityMetric());
        List<FrontRow> front = RunFront.of(run, null, null, "score");
        assertEquals(List.of(other), front.stream().map(FrontRow::blockString).toList(), "AUC 0.95 dominates AUC 0.60 at equal MFLOPs");
        assertEquals(0.95, front.get(0).rocAuc());
        assertEquals(0.015, front.get(0).rocAucStd());

        StringWriter out = new StringWriter();
        CommandLine cli = OneLineErrors.install(new CommandLine(new FrontCommand()));
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(dir.toString()));
        String header = out.toString().lines().filter(l -> l.startsWith("rank")).findFirst().orElseThrow();
        assertTrue(header.contains("ROC AUC") && !header.contains("no std") && header.contains("accuracy"), out.toString());
        String row = out.toString().lines().filter(l -> l.contains(other)).findFirst().orElseThrow();
        assertTrue(row.contains("0.9500 +- 0.0150") && row.contains("0.6000 +- 0.0100"), out.toString());
        // the columns line up under their headers
        assertEquals(header.indexOf("accuracy"), row.indexOf("0.6000"), out.toString());

        StringWriter jsonOut = new StringWriter();
        cli.setOut(new PrintWriter(jsonOut));
        assertEquals(0, cli.execute(dir.toString(), "--json"));
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(jsonOut.toString());
        assertEquals(0.015, json.get(0).get("rocAucStd").asDouble(), json.toString());

        // the report's error bars are the AUC's fold std, candidate by candidate, and its captions say so
        String report = org.facenas.results.report.HtmlReport.render(run);
        com.fasterxml.jackson.databind.JsonNode data = reportData(report);
        java.util.Map<String, Double> std = new java.util.HashMap<>();
        data.get("candidates").forEach(c -> std.put(c.get("bs").asText(), c.get("std").asDouble()));
        assertEquals(java.util.Map.of(bs, 0.042, other, 0.015), std);
        assertTrue(data.get("architectures").get(0).get("title").asText().startsWith("0.9500 +- 0.0150 ROC AUC"), data.toString());
        assertTrue(report.contains("\"score\":\"rocauc\"") && !report.contains("no fold std") && !report.contains("no error bars"),
                "the report names its score and claims no missing std");
        assertTrue(report.contains("Error bars: ROC AUC +- the std of the AUCs of the 10 folds"), "the caption says what the bars are");
        // an accuracy run's bars stay accuracy's fold std
        Files.writeString(dir.resolve(RunRecord.CONFIG), RunRecordTest.CONFIG);
        reportData(org.facenas.results.report.HtmlReport.render(RunRecord.open(dir))).get("candidates")
                .forEach(c -> assertEquals(0.01, c.get("std").asDouble(), c.toString()));
        // the same record read as an accuracy run ranks the other way
        Files.writeString(dir.resolve(RunRecord.CONFIG), RunRecordTest.CONFIG);
        assertEquals(List.of(bs), RunFront.of(RunRecord.open(dir), null, null, "accuracy").stream().map(FrontRow::blockString).toList());
    }

    @Test
    void theReportMarksTheSeedArchitectureItsYardstick() throws Exception {
        Files.writeString(dir.resolve(RunRecord.CONFIG), RunRecordTest.CONFIG + "objectives: [rocauc, mflops]\nseedArchitectures: [mobilefacenet-512]\n");
        String seed = RunRecordTest.zoo("mobilefacenet-512");
        String child = RunRecordTest.zoo("mobilefacenet");
        try (RunLog log = RunLog.open(dir)) {
            log.append(new CandidateRecord(RunRecordTest.result(seed, 0.80).toBuilder().rocAuc(0.88).rocAucStd(0.02).build(),
                    "test", 1, 0, new int[] {1}, "0@host", "t", "hash"));
            log.append(new CandidateRecord(RunRecordTest.result(child, 0.70).toBuilder().rocAuc(0.81).rocAucStd(0.02).build(),
                    "test", 1, 0, new int[] {2}, "0@host", "t", "hash"));
        }
        com.fasterxml.jackson.databind.JsonNode seeds = reportData(org.facenas.results.report.HtmlReport.render(RunRecord.open(dir))).get("seeds");
        assertEquals(1, seeds.size(), seeds.toString());
        assertEquals("mobilefacenet-512", seeds.get(0).get("name").asText());
        assertEquals(0.88, seeds.get(0).get("acc").asDouble(), 1e-12, "its score on the run's quality metric");
        assertEquals(0, seeds.get(0).get("rung").asInt());
    }

    /** The report's embedded data: the one line {@code const DATA = {...};}. */
    static com.fasterxml.jackson.databind.JsonNode reportData(String html) throws Exception {
        int start = html.indexOf("const DATA = ") + "const DATA = ".length();
        String line = html.substring(start, html.indexOf('\n', start));
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line.substring(0, line.lastIndexOf(';')));
    }

    /** A candidate line as written before AUC had a std: it reads (null, unknown), resumes, and shows as n/a, no bar. */
    @Test
    void anAucRunRecordedBeforeTheAucStdReadsAndShowsItAsUnknown() throws Exception {
        Files.writeString(dir.resolve(RunRecord.CONFIG), RunRecordTest.CONFIG + "objectives: [rocauc, mflops]\n");
        String bs = RunRecordTest.zoo("mobilefacenet");
        // last round's fields exactly: rocAuc but no rocAucStd, at the top level and per verification set
        String old = "{\"blockString\":\"" + bs + "\",\"status\":\"OK\",\"failure\":null,\"proxy\":\"screen\",\"seed\":1,\"params\":1000,"
                + "\"macs\":2000,\"flops\":4000,\"mflops\":0.004,\"sizeBytes\":4000,\"accuracy\":0.7,\"accuracyStd\":0.01,\"tarAtFar1e3\":null,"
                + "\"tarAtFar1e4\":null,\"rocAuc\":0.83,\"pixelBaselineAccuracy\":0.6,\"latencyMs\":1.5,\"finalLoss\":1.0,\"trainImages\":10,"
                + "\"trainIdentities\":2,\"pairs\":20,\"skippedImages\":0,\"skippedFiles\":[],\"trainSeconds\":1.0,\"evalSeconds\":1.0,"
                + "\"imagesPerSecond\":10.0,\"kd\":\"none\",\"teacherHash\":null,\"studentTeacherCosine\":null,\"noKdAccuracy\":null,"
                + "\"heldOutTeacherCosine\":null,\"peakRssMb\":2689,\"verification\":[{\"set\":\"pairsDevTest.txt\",\"pairs\":20,"
                + "\"accuracy\":0.7,\"accuracyStd\":0.01,\"tarAtFar1e3\":null,\"tarAtFar1e4\":null,\"rocAuc\":0.83,"
                + "\"pixelBaselineAccuracy\":0.6}],\"runId\":\"test\",\"generation\":1,\"rung\":0,\"genotype\":[1,2],"
                + "\"executor\":\"0@host\",\"recordedAt\":\"t\",\"dataHash\":\"h\"}\n";
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), old);
        CandidateResult r = RunRecord.open(dir).candidates().get(0).result();
        assertEquals(0.83, r.rocAuc());
        assertEquals(null, r.rocAucStd());
        assertEquals(null, r.verification().get(0).rocAucStd());
        assertEquals(0.83, r.verification().get(0).rocAuc());

        // a resumed run appends new-format lines after the old one; both read, each with what it recorded
        CandidateResult fresh = RunRecordTest.result(RunRecordTest.zoo("mobilefacenet-512"), 0.6).toBuilder().rocAuc(0.9).rocAucStd(0.02).build();
        try (RunLog log = RunLog.open(dir)) {
            log.append(new CandidateRecord(fresh, "test", 2, 0, new int[] {2}, "0@host", "t", "h"));
        }
        List<CandidateRecord> both = RunLog.readCandidates(dir);
        assertEquals(2, both.size());
        assertEquals(null, both.get(0).result().rocAucStd());
        assertEquals(fresh, both.get(1).result());

        StringWriter out = new StringWriter();
        CommandLine cli = OneLineErrors.install(new CommandLine(new FrontCommand()));
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(dir.toString()));
        assertTrue(out.toString().lines().anyMatch(l -> l.contains(bs) && l.contains("0.8300 +- n/a")), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.contains(fresh.blockString()) && l.contains("0.9000 +- 0.0200")), out.toString());

        String report = org.facenas.results.report.HtmlReport.render(RunRecord.open(dir));
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> std = new java.util.HashMap<>();
        reportData(report).get("candidates").forEach(c -> std.put(c.get("bs").asText(), c.get("std")));
        assertTrue(std.get(bs).isNull(), "unknown, not 0: " + std);
        assertEquals(0.02, std.get(fresh.blockString()).asDouble());
    }
}

package org.facenas.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.records.CandidateResult;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run record written and read by the one {@link RunLog}, as search, front, report and export see it. */
class RunRecordTest {

    static final String CONFIG = """
            name: test
            data: /nonexistent/data
            populationSize: 2
            generations: 1
            """;

    @TempDir
    Path dir;

    static CandidateResult result(String blockString, double accuracy) {
        Cost c = CostModel.of(Architecture.parse(blockString));
        return CandidateResult.builder().blockString(blockString).status(CandidateResult.Status.OK).proxy("tiny").seed(1)
                .params(c.params()).macs(c.macs()).flops(c.flops()).mflops(c.mflops()).sizeBytes(c.sizeBytes())
                .accuracy(accuracy).accuracyStd(0.01).rocAuc(0.9).pixelBaselineAccuracy(0.6).latencyMs(1.5).finalLoss(1.0)
                .trainImages(10).trainIdentities(2).pairs(20).trainSeconds(1).evalSeconds(1).imagesPerSecond(10).kd("none").build();
    }

    static String zoo(String name) {
        return Zoo.resolve(name).blockString();
    }

    Path newRun() throws Exception {
        Files.writeString(dir.resolve(RunRecord.CONFIG), CONFIG);
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), "");
        return dir;
    }

    @Test
    void whatTheWriterAppendsTheReaderReturnsFieldForField() throws Exception {
        newRun();
        CandidateRecord a = new CandidateRecord(result(zoo("mobilefacenet"), 0.7), "test", 1, 0, new int[] {1, 2, 3}, "0@host",
                "2026-01-01T00:00:00Z", "hash-a");
        CandidateRecord b = new CandidateRecord(result(zoo("mobilefacenet"), 0.8), "test", 2, 1, new int[] {1, 2, 3}, "1@host",
                "2026-01-01T00:01:00Z", "hash-a");
        try (RunLog log = RunLog.open(dir)) {
            log.append(a);
            log.append(b);
        }
        assertEquals(List.of(a, b), RunLog.readCandidates(dir));
        // one record per block string: the highest rung's
        RunRecord run = RunRecord.open(dir);
        assertEquals(List.of(b), run.candidates());
        assertEquals(List.of(Metric.ACCURACY, Metric.MFLOPS), run.objectives());
        assertEquals("/nonexistent/data", run.config().data());
    }

    /** An editor's save or a cat of two files: the last record lacks only its newline. */
    @Test
    void aCompleteLastRecordWithoutItsNewlineIsKeptByFrontAndByTheNextWriter() throws Exception {
        newRun();
        ObjectMapper json = new ObjectMapper();
        String one = json.writeValueAsString(result(zoo("mobilefacenet"), 0.7));
        String two = json.writeValueAsString(result(zoo("mobilefacenet-512"), 0.75));
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), one + "\n" + two, StandardCharsets.UTF_8);
        assertEquals(2, RunRecord.open(dir).candidates().size(), "front, report and export see both candidates");
        try (RunLog log = RunLog.open(dir)) {
            log.append(new CandidateRecord(result(zoo("mbf-insightface"), 0.8), "test", 1, 0, new int[0], "e", "t", null));
        }
        List<String> lines = Files.readAllLines(dir.resolve(RunRecord.CANDIDATES));
        assertEquals(3, lines.size(), "the resumed writer kept the last record and ended its line");
        assertEquals(3, RunRecord.open(dir).candidates().size());
    }

    @Test
    void anEmptyObjectLineIsNotACandidateButAnErrorNamingTheLine() throws Exception {
        newRun();
        String one = new ObjectMapper().writeValueAsString(result(zoo("mobilefacenet"), 0.7));
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), one + "\n{}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunRecord.open(dir));
        assertTrue(e.getMessage().contains("line 2 is not a candidate"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void genotypeAndRungSurviveTheFlatJson() throws Exception {
        newRun();
        try (RunLog log = RunLog.open(dir)) {
            log.append(new CandidateRecord(result(zoo("mobilefacenet"), 0.7), "test", 3, 2, new int[] {4, 5}, "e", "t", "h"));
        }
        var line = new ObjectMapper().readTree(Files.readAllLines(dir.resolve(RunRecord.CANDIDATES)).get(0));
        assertEquals(zoo("mobilefacenet"), line.get("blockString").asText(), "result fields sit at the top level");
        assertEquals(2, line.get("rung").asInt());
        assertEquals("h", line.get("dataHash").asText());
        assertArrayEquals(new int[] {4, 5}, RunLog.readCandidates(dir).get(0).genotype());
    }
}

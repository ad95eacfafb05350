package org.facenas.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * generations.jsonl and state.json through {@link GenerationRecord}, {@link RunState} and {@link RunLog}: the files of
 * a real run (the quickstart, written by the untyped writer this replaced) read and are written again byte for byte,
 * and lines of older versions still read.
 */
class GenerationRecordTest {

    @TempDir
    Path tmp;

    static byte[] resource(String name) throws Exception {
        try (InputStream in = GenerationRecordTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aRealRunsGenerationsReadTypedAndWriteBackByteForByte() throws Exception {
        byte[] original = resource("quickstart-generations.jsonl");
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.write(run.resolve(RunRecord.GENERATIONS), original);

        List<GenerationRecord> lines = RunLog.readGenerations(run);
        assertEquals(List.of(1L, 2L, 3L, 4L), lines.stream().map(GenerationRecord::generation).toList());
        GenerationRecord first = lines.get(0);
        assertEquals("quickstart-20261207-161205", first.runId());
        assertEquals("nsga2", first.strategy());
        assertEquals(8, first.population().size());
        assertEquals("stem_c64,ir_r5_k3_s2_e2_c64,ir_r1_k3_s2_e4_c128,ir_r6_k3_s1_e2_c128,ir_r1_k3_s2_e4_c128,ir_r2_k3_s1_e2_c128,"
                + "head_c512_gdc_emb512", first.front().get(0));
        assertEquals(12, first.evaluated());
        assertEquals(155.58890735664357, first.hypervolume());
        assertEquals(List.of(0.5, 1000.0), first.hypervolumeReference());
        assertEquals(0.6583333333333333, first.bestAccuracy());
        assertEquals(Metric.ROCAUC, first.score());
        assertEquals(0.7249471111111111, first.best());
        assertNull(first.rungs(), "no successive halving in the quickstart");
        assertNull(first.topRung());
        assertNull(first.predictorTau(), "no predictor in the quickstart");

        Path again = Files.createDirectories(tmp.resolve("again"));
        try (RunLog log = RunLog.open(again)) {
            lines.forEach(log::append);
        }
        assertEquals(new String(original, StandardCharsets.UTF_8), Files.readString(again.resolve(RunRecord.GENERATIONS)));
    }

    @Test
    void linesOfOlderVersionsAndHandWrittenOnesStillRead() throws Exception {
        String real = new String(resource("quickstart-generations.jsonl"), StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        // what the writer before the quality score was a choice (73fb3e1) wrote: the same line without score and bestScore
        String older = real.replace(",\"score\":\"rocauc\",\"bestScore\":0.7249471111111111", "");
        assertTrue(older.length() < real.length() && !older.contains("bestScore"), older);
        // a field a later version may add is skipped
        String later = real.replace("{\"runId\"", "{\"newerField\":{\"x\":[1,2]},\"runId\"");
        // as NothingOverwrittenTest and hand-made runs write it
        String minimal = "{\"generation\":1,\"hypervolume\":110.25}";
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve(RunRecord.GENERATIONS), older + "\n" + later + "\n" + minimal + "\n");

        List<GenerationRecord> lines = RunLog.readGenerations(run);
        GenerationRecord old = lines.get(0);
        assertNull(old.score());
        assertNull(old.bestScore());
        assertEquals(0.6583333333333333, old.best(), "a line without bestScore charts its best accuracy");
        assertEquals(155.58890735664357, old.hypervolume());
        assertEquals(RunLog.readGenerations(resourceRun()).get(0), lines.get(1), "an unknown field changes nothing");
        GenerationRecord bare = lines.get(2);
        assertEquals(1, bare.generation());
        assertEquals(110.25, bare.hypervolume());
        assertEquals(List.of(), bare.population());
        assertEquals(List.of(), bare.front());
        assertNull(bare.evaluated());
        assertNull(bare.best());
        assertNull(bare.hypervolumeReference());
    }

    private Path resourceRun() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("resource"));
        Files.write(run.resolve(RunRecord.GENERATIONS), resource("quickstart-generations.jsonl"));
        return run;
    }

    @Test
    void everyFieldRoundTripsInTheDocumentedKeyOrder() throws Exception {
        GenerationRecord halving = new GenerationRecord("r", 3, "aging", List.of("a", "b"), List.of("a"), 9, null, null, 12.5,
                List.of(0.5, 1000.0), Double.NaN, Metric.ACCURACY, Double.NaN, null, null, null)
                .withRungs(List.of(6, 3)).withPredictor(Double.NaN, 1, 8);
        GenerationRecord plain = new GenerationRecord("r", 4, "nsga2", List.of(), List.of(), 9, null, null, 0.0,
                List.of(0.3, 500.0), 0.61, Metric.ROCAUC, 0.72, null, null, null).withPredictor(-0.4, 5, 20);
        Path run = Files.createDirectories(tmp.resolve("run"));
        try (RunLog log = RunLog.open(run)) {
            log.append(halving);
            log.append(plain);
        }
        assertEquals(List.of(halving, plain), RunLog.readGenerations(run));
        assertEquals(1, halving.topRung(), "the top rung is the last of the rungs");
        assertTrue(Double.isNaN(RunLog.readGenerations(run).get(0).predictorTau()), "NaN (no tau below two children) survives");

        List<String> lines = Files.readAllLines(run.resolve(RunRecord.GENERATIONS));
        // the order the untyped writer put the keys in, which docs/run-directory.md lists
        assertEquals(List.of("runId", "generation", "strategy", "population", "front", "evaluated", "rungs", "topRung", "hypervolume",
                "hypervolumeReference", "bestAccuracy", "score", "bestScore", "predictorTau", "predictorChildren", "predictorFittedOn"),
                keys(lines.get(0)));
        assertEquals(List.of("runId", "generation", "strategy", "population", "front", "evaluated", "hypervolume",
                "hypervolumeReference", "bestAccuracy", "score", "bestScore", "predictorTau", "predictorChildren", "predictorFittedOn"),
                keys(lines.get(1)), "no halving, no rung keys");
        assertTrue(lines.get(0).contains("\"bestAccuracy\":\"NaN\""), "NaN is written as the untyped writer wrote it: " + lines.get(0));
    }

    private static List<String> keys(String line) throws Exception {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = new ObjectMapper().readTree(line).fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void aRealRunStateReadsAndWritesBackByteForByte() throws Exception {
        byte[] original = resource("quickstart-state.json");
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.write(run.resolve(RunRecord.STATE), original);

        RunState state = RunLog.readState(run).orElseThrow();
        assertEquals("quickstart-20261207-161205", state.runId());
        assertEquals("nsga2", state.strategy());
        assertEquals(42, state.seed());
        assertEquals(4, state.generation());
        assertEquals(21, state.evaluated());
        assertEquals(8, state.population().size());
        assertArrayEquals(new int[] {0, 0, 3, 0, 0}, java.util.Arrays.copyOf(state.population().get(0), 5));

        Path again = Files.createDirectories(tmp.resolve("again"));
        RunLog.writeState(again, state);
        assertArrayEquals(original, Files.readAllBytes(again.resolve(RunRecord.STATE)));
    }

    @Test
    void noStateIsEmptyAndABrokenOneSaysWhy() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        assertTrue(RunLog.readState(run).isEmpty());
        Files.writeString(run.resolve(RunRecord.STATE), "  \n");
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> RunLog.readState(run));
        assertTrue(empty.getMessage().endsWith("state.json is empty (something cut its write short)"), empty.getMessage());
        Files.writeString(run.resolve(RunRecord.STATE), "{\"generation\":");
        IllegalArgumentException torn = assertThrows(IllegalArgumentException.class, () -> RunLog.readState(run));
        assertTrue(torn.getMessage().contains("state.json is not a run state ("), torn.getMessage());
    }

    @Test
    void aGenerationLineThatIsNoObjectIsAnErrorNamingItsLine() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve(RunRecord.GENERATIONS), "{\"generation\":1}\n[1,2]\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunLog.readGenerations(run));
        assertTrue(e.getMessage().contains("generations.jsonl line 2 is not a generation"), e.getMessage());
        Files.writeString(run.resolve(RunRecord.GENERATIONS), "{\"generation\":1,\"population\":\"one\"}\n");
        e = assertThrows(IllegalArgumentException.class, () -> RunLog.readGenerations(run));
        assertTrue(e.getMessage().contains("generations.jsonl line 1 is not a generation: "), e.getMessage());
    }
}

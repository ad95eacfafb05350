package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facenas.results.GenerationRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.results.CandidateRecord;
import org.facenas.results.Metric;
import org.facenas.results.RunFront;
import org.facenas.search.cli.FaceNas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code search --stop-after}: a search run in pieces on real local[2] Spark (tiny proxy on celeba112) trains no
 * candidate twice, records no generation twice or cut short, and a generational search ends where the same search
 * run in one go ends; ASHA ends with its whole first-rung budget and nothing due.
 */
class StopAfterTest {

    /** Long enough for some candidates to start in each piece, short enough that a piece stops mid-generation. */
    private static final double PIECE_SECONDS = 1.5;

    @Test
    void aGenerationalSearchInPiecesEndsWhereTheUninterruptedOneEnds(@TempDir Path tmp) throws Exception {
        String yaml = LocalSearchTest.config("stop", "nsga2", 3, 2).replace("references: [mobilefacenet]\n", "")
                .replace("latencyRuns: 3", "latencyRuns: 0");
        Path config = Files.writeString(tmp.resolve("stop.yaml"), yaml);
        Path pieces = tmp.resolve("pieces");
        // the first piece through the command, as a user starts it: exit 0, the run directory last on stdout
        StringWriter out = new StringWriter();
        var cli = FaceNas.commandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("search", "--config", config.toString(), "--out", pieces.toString(),
                "--stop-after", Double.toString(PIECE_SECONDS)));
        List<String> lines = out.toString().lines().toList();
        assertEquals(pieces.toAbsolutePath().normalize().toString(), lines.get(lines.size() - 1));
        Path whole = tmp.resolve("whole");
        try (JavaSparkContext sc = localSpark()) {
            int piecesRun = 1 + runInPieces(sc, pieces, 30);
            assertTrue(piecesRun > 2, "the search should have needed several pieces, took " + piecesRun);
            try (RunDirectory run = LocalSearchTest.newRun(whole, yaml)) {
                assertTrue(new SearchRun(run).run(sc, EvaluationSpec.of(run.config(), List.of()), quiet(), Double.POSITIVE_INFINITY,
                        Double.POSITIVE_INFINITY));
            }
        }
        try (RunDirectory a = RunDirectory.open(pieces); RunDirectory b = RunDirectory.open(whole)) {
            assertNoCandidateTwice(a.candidateRecords());
            assertEquals(scores(b.candidateRecords()), scores(a.candidateRecords()), "the same candidates with the same scores");
            assertEquals(generations(b.generationRecords()), generations(a.generationRecords()));
            assertEquals(List.of(1L, 2L), a.generationRecords().stream().map(GenerationRecord::generation).toList(),
                    "one line per finished generation");
            assertEquals(2, a.state().orElseThrow().generation());
        }
    }

    @Test
    void anAshaSearchInPiecesSpendsItsBudgetOnceAndLeavesNothingDue(@TempDir Path tmp) {
        Path dir = tmp.resolve("run");
        String yaml = LocalSearchTest.config("stop", "aging", 2, 2).replace("references: [mobilefacenet]\n", "")
                .replace("latencyRuns: 3", "latencyRuns: 0") + "fidelity: {rungs: ['h0=tiny:epochs=1', 'h1=tiny:epochs=2:trainIdentities=48'], eta: 2}\n";
        try (RunDirectory run = LocalSearchTest.newRun(dir, yaml)) {
            // a directory created, nothing trained: the first piece starts from nothing
            assertTrue(run.candidateRecords().isEmpty());
        }
        try (JavaSparkContext sc = localSpark()) {
            assertTrue(runInPieces(sc, dir, 40) > 1, "the search should have needed several pieces");
        }
        try (RunDirectory run = RunDirectory.open(dir)) {
            assertNoCandidateTwice(run.candidateRecords());
            assertEquals(3, run.results(0).size(), "the first rung's budget, 2 + (2 - 1) x 1, is trained once in all");
            assertFalse(run.results(1).isEmpty(), "something was promoted");
            SuccessiveHalving halving = new SuccessiveHalving(2, 2, RunFront.objectives(List.of(Metric.ACCURACY, Metric.MFLOPS)));
            assertEquals(List.of(), halving.due(List.of(run.results(0), run.results(1))), "promotions left due");
            // as in one go: a line as each generation's worth finishes, and the last again with the drained promotions
            assertEquals(List.of(1L, 2L, 2L), run.generationRecords().stream().map(GenerationRecord::generation).toList());
            assertEquals(2, run.state().orElseThrow().generation());
        }
    }

    /** Resumes in pieces until the search says it is done; the number of pieces run. */
    private static int runInPieces(JavaSparkContext sc, Path dir, int atMost) {
        for (int piece = 1; piece <= atMost; piece++) {
            try (RunDirectory run = RunDirectory.open(dir)) {
                int before = run.candidateRecords().size();
                boolean done = new SearchRun(run).run(sc, EvaluationSpec.of(run.config(), List.of()), quiet(),
                        Double.POSITIVE_INFINITY, PIECE_SECONDS);
                if (done) {
                    return piece;
                }
                assertTrue(run.candidateRecords().size() > before, "piece " + piece + " stopped without recording anything");
            }
        }
        throw new AssertionError("not done after " + atMost + " pieces");
    }

    private static void assertNoCandidateTwice(List<CandidateRecord> records) {
        Set<String> seen = new HashSet<>();
        for (CandidateRecord c : records) {
            assertTrue(seen.add(c.blockString() + "@" + c.rung()), "trained twice at rung " + c.rung() + ": " + c.blockString());
        }
    }

    /** Block string and accuracy of every candidate, sorted (the order results finish in is the cores', not the search's). */
    private static List<String> scores(List<CandidateRecord> records) {
        List<String> out = new ArrayList<>();
        records.forEach(c -> out.add(c.blockString() + " " + c.result().accuracy()));
        out.sort(null);
        return out;
    }

    private static List<String> generations(List<GenerationRecord> lines) {
        return lines.stream().map(g -> g.generation() + " " + g.population() + " " + g.front()).toList();
    }

    private static JavaSparkContext localSpark() {
        return new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("stop-after").set("spark.ui.enabled", "false"));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}

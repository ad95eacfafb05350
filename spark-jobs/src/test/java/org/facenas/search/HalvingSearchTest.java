package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facenas.records.CandidateResult;
import org.facenas.results.CandidateRecord;
import org.facenas.results.FrontRow;
import org.facenas.results.GenerationRecord;
import org.facenas.results.RunFront;
import org.facenas.results.RunRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Successive halving in a real search on local Spark (two rungs of the tiny proxy): aging evolution runs it
 * asynchronously (ASHA), NSGA-II generation by generation.
 */
class HalvingSearchTest {

    static String config(String name, String strategy) {
        return LocalSearchTest.config(name, strategy, 4, 3).replace("latencyRuns: 3", "latencyRuns: 0")
                + "fidelity: {rungs: ['h0=tiny:epochs=1', 'h1=tiny:epochs=2:trainIdentities=48'], eta: 2}\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"aging", "nsga2"})
    void promotionsFollowTheRuleTheFrontIsTheTopRungAndAResumedRunTrainsNothingTwice(String strategy, @TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        boolean asynchronous = strategy.equals("aging");
        try (RunDirectory run = LocalSearchTest.newRun(dir, config("halving", strategy))) {
            LocalSearchTest.runLocal(run);
        }
        List<CandidateRecord> lines;
        try (RunDirectory run = RunDirectory.open(dir)) {
            lines = run.candidateRecords();
            assertNoRepeats(lines);
            Map<String, CandidateResult> rung0 = run.results(0);
            Map<String, CandidateResult> rung1 = run.results(1);
            assertTrue(rung0.keySet().containsAll(rung1.keySet()), "only rung-0 candidates move up");
            assertTrue(!rung1.isEmpty(), "something was promoted");
            assertTrue(rung1.size() < rung0.size(), "not everything was promoted");
            // after the run, nothing is due any more: the top half of rung 0 is all on rung 1
            SuccessiveHalving halving = new SuccessiveHalving(2, 2, RunFront.objectives(List.of(org.facenas.results.Metric.ACCURACY, org.facenas.results.Metric.MFLOPS)));
            assertEquals(List.of(), halving.due(List.of(rung0, rung1)));
            for (CandidateResult r : rung1.values()) {
                assertTrue(r.proxy().startsWith("h1:"), "rung 1 trains on its own proxy: " + r.proxy());
            }
            CandidateResult reference = run.reference(org.facenas.searchspace.zoo.Zoo.get("mobilefacenet").blockString()).orElseThrow();
            assertTrue(reference.proxy().startsWith("h1:"), "references train on the top rung: " + reference.proxy());
            GenerationRecord last = run.generationRecords().get(run.generationRecords().size() - 1);
            assertEquals(List.of(rung0.size(), rung1.size()), last.rungs());
            assertEquals(1, last.topRung());
            if (asynchronous) {
                // ASHA trains the synchronous search's number of first-rung candidates: 4 + (3 - 1) x 2 children
                assertEquals(8, rung0.size(), "first-rung candidates");
                int firstPromotion = -1;
                int lastFirstRung = -1;
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).rung() == 1 && firstPromotion < 0) {
                        firstPromotion = i;
                    }
                    if (lines.get(i).rung() == 0) {
                        lastFirstRung = i;
                    }
                }
                assertTrue(firstPromotion >= 0 && firstPromotion < lastFirstRung, "promotions finish while first-rung candidates still train");
                assertEquals(List.of(1L, 2L, 3L), run.generationRecords().stream().map(GenerationRecord::generation).distinct().toList(),
                        "a generation line per generation's worth of first-rung results");
            }
        }
        // the front ranks top-rung scores alone
        RunRecord record = RunRecord.open(dir);
        Set<String> topRung = new HashSet<>();
        record.candidates().stream().filter(c -> c.rung() == 1).forEach(c -> topRung.add(c.blockString()));
        List<FrontRow> front = RunFront.of(record, null, null, "accuracy");
        assertTrue(!front.isEmpty());
        front.forEach(r -> assertTrue(topRung.contains(r.blockString()), "a lower-rung score on the front: " + r.blockString()));
        var cli = org.facenas.search.cli.FaceNas.commandLine();
        assertEquals(0, cli.execute("report", dir.toString()));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("\"rungs\":[\"h0\",\"h1\"]"), "the report knows the rungs");
        assertTrue(html.contains("\"rung\":0") && html.contains("\"rung\":1"), "the report holds both rungs' candidates");

        // a driver killed mid-run: the state of generation 1 and the lines recorded up to the middle of the run
        int keep = lines.size() / 2;
        List<String> raw = Files.readAllLines(dir.resolve(RunDirectory.CANDIDATES));
        Files.write(dir.resolve(RunDirectory.CANDIDATES), raw.subList(0, keep));
        Files.delete(dir.resolve(RunDirectory.STATE));
        Files.deleteIfExists(dir.resolve(RunDirectory.GENERATIONS));
        try (RunDirectory run = RunDirectory.open(dir)) {
            LocalSearchTest.runLocal(run);
        }
        try (RunDirectory run = RunDirectory.open(dir)) {
            List<CandidateRecord> resumed = run.candidateRecords();
            assertNoRepeats(resumed);
            assertEquals(raw.subList(0, keep), Files.readAllLines(dir.resolve(RunDirectory.CANDIDATES)).subList(0, keep),
                    "records before the kill are kept as they were");
            SuccessiveHalving halving = new SuccessiveHalving(2, 2, RunFront.objectives(List.of(org.facenas.results.Metric.ACCURACY, org.facenas.results.Metric.MFLOPS)));
            assertEquals(List.of(), halving.due(List.of(run.results(0), run.results(1))));
            assertEquals(3, run.state().orElseThrow().generation());
            if (asynchronous) {
                assertEquals(8, run.results(0).size(), "the resumed run tops the first rung up to its budget");
            }
        }
        // and a finished run started again trains nothing
        long before = Files.readAllLines(dir.resolve(RunDirectory.CANDIDATES)).size();
        try (RunDirectory run = RunDirectory.open(dir)) {
            LocalSearchTest.runLocal(run);
        }
        assertEquals(before, Files.readAllLines(dir.resolve(RunDirectory.CANDIDATES)).size());
        // drawn in headless Chromium: every chart, no script error (the rung series and error bars included)
        LocalSearchTest.assertReportRenders(cli, dir, tmp, RunFront.of(RunRecord.open(dir), null, null, "accuracy").size());
    }

    private static void assertNoRepeats(List<CandidateRecord> lines) {
        Set<String> seen = new HashSet<>();
        for (CandidateRecord c : lines) {
            assertTrue(seen.add(c.blockString() + "@" + c.rung()), "trained twice at rung " + c.rung() + ": " + c.blockString());
        }
    }
}

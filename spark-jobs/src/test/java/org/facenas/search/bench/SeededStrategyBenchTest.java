package org.facenas.search.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.data.SharedData;
import org.facenas.results.CandidateRecord;
import org.facenas.results.RunLog;
import org.facenas.results.SearchConfig;
import org.facenas.search.cli.FaceNas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * bench search --seeds on real local Spark and real training: one rung, the tiny proxy cut to 8 identities of 4 images
 * for one epoch, three or four candidates a run.
 */
class SeededStrategyBenchTest {

    static final Path CELEBA = SharedData.celeba112();

    static final String CONFIG = """
            name: seeds
            data: %s
            fidelity: {rungs: ['t=tiny:trainIdentities=8:imagesPerIdentity=4:epochs=1']}
            budget: {maxMflops: 150}
            objectives: [accuracy, mflops]
            populationSize: 2
            generations: 9
            hypervolumeReference: [0.3, 1000]
            """;

    private static String[] run(String... args) {
        CommandLine cli = FaceNas.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[]{Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void everyStrategyAndRandomUnderEachSeedAtOneBudgetAndResumable(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, CONFIG.formatted(CELEBA));
        Path out = tmp.resolve("bench");
        String[] first = run("bench", "search", "--config", config.toString(), "--strategies", "aging", "--seeds", "1,2",
                "--budget", "3", "--out", out.toString());
        assertEquals("0", first[0], first[2]);
        String table = first[1];
        assertTrue(table.startsWith("strategy"), table);
        // both read at 3 first-rung trainings: random search's second generation trained a fourth that is not counted
        assertTrue(table.contains("\nrandom       2          3  "), table);
        assertTrue(table.contains("\naging        2          3  "), table);
        assertTrue(table.contains("average random architecture (first rung, t): accuracy "), table);
        assertTrue(table.contains("over 6 candidates"), table);
        for (String s : List.of("random", "aging")) {
            for (int seed : new int[]{1, 2}) {
                Path dir = out.resolve("seeds-" + s + "-s" + seed);
                assertTrue(Files.isRegularFile(dir.resolve("candidates.jsonl")), dir.toString());
                SearchConfig c = SearchConfig.load(dir.resolve("config.yaml"));
                assertEquals(seed, c.seed());
                // aging: a population of 2, then one child; random: two populations of 2
                assertEquals(2, c.generations());
            }
        }
        // the paired difference is the mean over seeds of (aging - random), from the runs' own records
        double diff = 0;
        for (int seed : new int[]{1, 2}) {
            SearchConfig c = SearchConfig.load(out.resolve("seeds-aging-s" + seed).resolve("config.yaml"));
            double a = SeededStrategyBench.measure(c, seed, out.resolve("seeds-aging-s" + seed), 3).hypervolume();
            double r = SeededStrategyBench.measure(c, seed, out.resolve("seeds-random-s" + seed), 3).hypervolume();
            diff += (a - r) / 2;
        }
        assertTrue(table.contains(String.format(java.util.Locale.ROOT, "%+.4f", diff)), diff + "\n" + table);

        // best at or below a reference's MFLOPs, read from the same records, against a brute-force maximum
        SearchConfig withRef = SearchConfig.parse(CONFIG.formatted(CELEBA) + "references: [mobilefacenet]\n", "c.yaml");
        Path dir = out.resolve("seeds-random-s1");
        double limit = SeededStrategyBench.referenceMflops(withRef).get("mobilefacenet");
        double brute = RunLog.readCandidates(dir).stream().limit(3).filter(r -> r.result().ok() && r.result().mflops() <= limit)
                .mapToDouble(r -> r.result().accuracy()).max().orElse(Double.NaN);
        assertEquals(brute, SeededStrategyBench.measure(withRef, 1, dir, 3).bestAtOrBelow().get("mobilefacenet"), 1e-12);

        // resumed: every run is complete, nothing trains again and the table is the same
        long lines = RunLog.readCandidates(dir).size();
        String[] again = run("bench", "search", "--config", config.toString(), "--strategies", "aging", "--seeds", "1,2",
                "--budget", "3", "--out", out.toString());
        assertEquals("0", again[0], again[2]);
        assertEquals(4, again[2].lines().filter(l -> l.endsWith(": complete, nothing to train")).count(), again[2]);
        assertEquals(table, again[1]);
        assertEquals(lines, RunLog.readCandidates(dir).size());
        List<CandidateRecord> records = RunLog.readCandidates(dir);
        assertEquals(4, records.stream().map(CandidateRecord::blockString).distinct().count());
        assertEquals(3, SeededStrategyBench.measure(withRef, 1, dir, 3).firstRung());
    }

    @Test
    void seedsWithoutABudgetIsAOneLineError(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, CONFIG.formatted(CELEBA));
        String[] r = run("bench", "search", "--config", config.toString(), "--seeds", "1,2");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--seeds and --budget go together"), r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
    }

    @Test
    void generationsCoverTheBudget() {
        SearchConfig c = SearchConfig.parse(CONFIG.formatted(CELEBA), "c.yaml");
        // aging: a population of 2, then round(2 x 0.5) = 1 child per generation
        SearchConfig aging = c.withStrategy(SearchConfig.Strategy.AGING);
        assertEquals(1, SeededStrategyBench.generationsFor(aging, 2));
        assertEquals(4, SeededStrategyBench.generationsFor(aging, 5));
        SearchConfig random = c.withStrategy(SearchConfig.Strategy.RANDOM);
        assertEquals(3, SeededStrategyBench.generationsFor(random, 5));
        for (int budget = 1; budget < 40; budget++) {
            int g = SeededStrategyBench.generationsFor(aging, budget);
            assertTrue(2 + (g - 1) >= budget && (g == 1 || 2 + (g - 2) < budget), "aging " + budget + " -> " + g);
        }
    }

    @Test
    void aVariantIsPairedBySeedAgainstThePlainStrategyItModifies() {
        SearchConfig c = SearchConfig.parse(CONFIG.formatted(CELEBA) + "references: [mobilefacenet]\n", "c.yaml");
        double[][] hv = {{100, 104, 98}, {110, 111, 100}, {118, 113, 109}};
        double[][] best = {{0.60, 0.62, 0.61}, {0.63, 0.61, 0.64}, {0.66, 0.65, 0.63}};
        String[] arms = {"random", "aging", "aging+predictor"};
        List<SeededStrategyBench.Measure> measures = new java.util.ArrayList<>();
        for (int a = 0; a < arms.length; a++) {
            for (int seed = 1; seed <= 3; seed++) {
                measures.add(new SeededStrategyBench.Measure(arms[a], seed, 6, hv[a][seed - 1],
                        java.util.Map.of("mobilefacenet", best[a][seed - 1]), List.of(0.5), Path.of("r")));
            }
        }
        String table = SeededStrategyBench.table(c, measures, 6);
        String line = table.lines().filter(l -> l.startsWith("aging+predictor against aging")).findFirst().orElseThrow(() -> new AssertionError(table));
        // the mean of the per-seed differences, by hand: hypervolume (8 + 2 + 9) / 3, best (0.03 + 0.04 - 0.01) / 3
        assertTrue(line.contains(String.format(java.util.Locale.ROOT, "top-rung hypervolume %+.4f [", (8 + 2 + 9) / 3.0)), line);
        assertTrue(line.contains(String.format(java.util.Locale.ROOT, "best accuracy <= mobilefacenet %+.4f [", (0.03 + 0.04 - 0.01) / 3)), line);
        assertEquals(1, table.lines().filter(l -> l.contains(" against ")).count(), "no line pairs aging with random or itself:\n" + table);
    }
}

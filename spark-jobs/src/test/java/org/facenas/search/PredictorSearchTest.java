package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facenas.results.GenerationRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.results.CandidateRecord;
import org.facenas.results.RunLog;
import org.facenas.results.SearchConfig;
import org.facenas.search.bench.SeededStrategyBench;
import org.facenas.search.cli.FaceNas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Predictor-guided search on real local[2] Spark and real training (celeba112, the tiny proxy cut to 8 identities of
 * 4 images for one epoch): only {@code keep} of the proposed children train, the batch's tau is recorded, too few
 * records fall back once, the same seed chooses the same candidates, and bench search runs the guided arm.
 */
class PredictorSearchTest {

    static final Path CELEBA = LocalSearchTest.CELEBA;

    /**
     * NSGA-II over 6 with offspringFraction 1: without the predictor a generation would train 6 children; with it, 2 of
     * 6 proposals. Generation 1 learns from nothing (the fallback); generation 2 from generation 1's 8 results.
     */
    static final String NSGA2 = """
            name: guided
            data: %s
            fidelity: {rungs: ['t=tiny:trainIdentities=8:imagesPerIdentity=4:epochs=1']}
            budget: {maxMflops: 150}
            strategy: nsga2
            objectives: [accuracy, mflops]
            populationSize: 6
            offspringFraction: 1.0
            generations: 2
            seed: 3
            hypervolumeReference: [0.3, 1000]
            predictor: {model: forest, proposals: 6, keep: 2}
            """;

    @Test
    void onlyTheKeptChildrenTrainTheTauIsRecordedAndTheSameSeedChoosesTheSame(@TempDir Path tmp) {
        String yaml = NSGA2.formatted(CELEBA);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (JavaSparkContext sc = localSpark()) {
            for (String name : List.of("a", "b")) {
                try (RunDirectory run = LocalSearchTest.newRun(tmp.resolve(name), yaml)) {
                    new SearchRun(run).run(sc, EvaluationSpec.of(run.config(), List.of()),
                            name.equals("a") ? new PrintStream(console, true, StandardCharsets.UTF_8) : quiet());
                }
            }
        }
        Path a = tmp.resolve("a");
        Map<Long, TreeSet<String>> byGeneration = byGeneration(RunLog.readCandidates(a));
        // generation 1: the population of 6 and 2 kept children (fewer if a child repeats a parent); generation 2: 2
        assertTrue(byGeneration.get(1L).size() <= 8 && byGeneration.get(1L).size() >= 7, byGeneration.toString());
        assertTrue(byGeneration.get(2L).size() <= 2 && !byGeneration.get(2L).isEmpty(), byGeneration.toString());

        String log = console.toString(StandardCharsets.UTF_8);
        assertEquals(1, log.lines().filter(l -> l.contains("predictor not fitted")).count(), log);
        assertTrue(log.contains("0 scored architectures, it needs at least 8: the strategy's own order"), log);
        assertTrue(log.contains("predictor tau "), "the generation line shows the tau\n" + log);

        List<GenerationRecord> generations = RunLog.readGenerations(a);
        assertNull(generations.get(0).predictorTau(), "generation 1 predicted nothing");
        GenerationRecord second = generations.get(1);
        assertEquals(byGeneration.get(2L).size(), second.predictorChildren(), second.toString());
        assertEquals(byGeneration.get(1L).size(), second.predictorFittedOn(), second.toString());
        Double tau = second.predictorTau();
        assertTrue(tau != null && (Double.isNaN(tau) || Math.abs(tau) <= 1), second.toString());

        Path b = tmp.resolve("b");
        assertEquals(scores(RunLog.readCandidates(a), 1), scores(RunLog.readCandidates(b), 1), "generation 1 trains the same");
        assertEquals(byGeneration, byGeneration(RunLog.readCandidates(b)), "same seed, same config: the same candidates");
        assertEquals(second.predictorTau(), RunLog.readGenerations(b).get(1).predictorTau());
    }

    @Test
    void benchSearchRunsPredictorGuidedAgingAtTheSameTrainings(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, """
                name: seeds
                data: %s
                fidelity: {rungs: ['t=tiny:trainIdentities=8:imagesPerIdentity=4:epochs=1']}
                budget: {maxMflops: 150}
                objectives: [accuracy, mflops]
                populationSize: 3
                generations: 9
                hypervolumeReference: [0.3, 1000]
                predictor: {model: forest, proposals: 4, keep: 2}
                """.formatted(CELEBA));
        Path out = tmp.resolve("bench");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = FaceNas.commandLine();
        cli.setOut(new PrintWriter(stdout));
        cli.setErr(new PrintWriter(stderr));
        assertEquals(0, cli.execute("bench", "search", "--config", config.toString(), "--strategies", "aging+predictor", "--seeds", "1",
                "--budget", "5", "--out", out.toString()), stderr.toString());
        String table = stdout.toString();
        assertTrue(table.contains("\naging+predictor     1          5  "), table);
        assertTrue(table.contains("\nrandom              1          5  "), table);

        SearchConfig guided = SearchConfig.load(out.resolve("seeds-aging-predictor-s1").resolve("config.yaml"));
        assertEquals(2, guided.predictor().keep());
        // a population of 3, then 2 kept children per generation
        assertEquals(2, guided.generations());
        assertEquals(5, RunLog.readCandidates(out.resolve("seeds-aging-predictor-s1")).size());
        SearchConfig random = SearchConfig.load(out.resolve("seeds-random-s1").resolve("config.yaml"));
        assertEquals(null, random.predictor(), "the plain arms run without the config's predictor");
        assertEquals(2, random.generations());
        assertEquals("aging+predictor", SeededStrategyBench.Arm.of(guided).key());

        StringWriter bad = new StringWriter();
        cli.setErr(new PrintWriter(bad));
        Path plain = Files.writeString(tmp.resolve("plain.yaml"), Files.readString(config).replace("predictor: {model: forest, proposals: 4, keep: 2}\n", ""));
        assertEquals(2, cli.execute("bench", "search", "--config", plain.toString(), "--strategies", "aging+predictor", "--seeds", "1",
                "--budget", "5", "--out", out.toString()));
        assertTrue(bad.toString().contains("--strategies aging+predictor needs predictor: {model: forest, proposals: M, keep: N}"), bad.toString());
        assertEquals(1, bad.toString().strip().lines().count(), bad.toString());
    }

    private static Map<Long, TreeSet<String>> byGeneration(List<CandidateRecord> records) {
        Map<Long, TreeSet<String>> out = new TreeMap<>();
        for (CandidateRecord r : records) {
            out.computeIfAbsent(r.generation(), g -> new TreeSet<>()).add(r.blockString());
        }
        return out;
    }

    private static Map<String, Double> scores(List<CandidateRecord> records, long generation) {
        Map<String, Double> out = new TreeMap<>();
        records.stream().filter(r -> r.generation() == generation).forEach(r -> out.put(r.blockString(), r.result().accuracy()));
        return out;
    }

    private static JavaSparkContext localSpark() {
        return new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("predictor-test").set("spark.ui.enabled", "false"));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}

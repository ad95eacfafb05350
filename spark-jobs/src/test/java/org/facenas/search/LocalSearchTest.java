package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.CostModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search job on a real local[2] Spark with real training on celeba112 (tiny proxy, one epoch). */
class LocalSearchTest {

    static final Path CELEBA = Path.of(System.getProperty("facenas.shared", "../shared")).resolve("datasets/celeba112").toAbsolutePath();

    static String config(String name, String strategy, int population, int generations) {
        return """
                name: %s
                data: %s
                proxy: tiny
                epochs: 1
                budget: {maxMflops: 150}
                strategy: %s
                objectives: [accuracy, mflops]
                populationSize: %d
                generations: %d
                seed: 5
                latencyRuns: 3
                """.formatted(name, CELEBA, strategy, population, generations);
    }

    static RunDirectory newRun(Path dir, String yaml) {
        SearchConfig c = SearchConfig.parse(yaml, "test").withAbsolutePaths();
        return RunDirectory.create(dir, c, yaml);
    }

    static void runLocal(RunDirectory run) {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("test").set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            new SearchRun(run).run(sc, EvaluationSpec.of(run.config(), null), new PrintStream(new ByteArrayOutputStream()));
        }
    }

    @Test
    void nsga2OnLocalSparkRecordsEveryCandidateOnceWithinTheBudget(@TempDir Path tmp) {
        Path dir = tmp.resolve("run");
        try (RunDirectory run = newRun(dir, config("local", "nsga2", 4, 2))) {
            runLocal(run);
        }
        try (RunDirectory run = RunDirectory.open(dir)) {
            List<JsonNode> candidates = run.candidateRecords();
            Set<String> seen = new HashSet<>();
            for (JsonNode c : candidates) {
                String bs = c.get("blockString").asText();
                assertTrue(seen.add(bs), "trained twice: " + bs);
                assertTrue(CostModel.of(Architecture.parse(bs)).mflops() < 150, "over budget: " + bs);
                assertEquals("OK", c.get("status").asText(), c.toString());
                assertTrue(c.get("accuracy").asDouble() > 0.3);
                assertTrue(c.get("latencyMs").asDouble() > 0);
                assertEquals(c.get("genotype").size(), run.candidateRecords().get(0).get("genotype").size());
            }
            assertTrue(candidates.size() >= 5, "4 initial + offspring, got " + candidates.size());
            List<JsonNode> generations = run.generationRecords();
            assertEquals(2, generations.size());
            for (JsonNode g : generations) {
                assertEquals(4, g.get("population").size());
                g.get("population").forEach(p -> assertTrue(seen.contains(p.asText()), "population member never evaluated"));
                assertFalse(g.get("front").isEmpty());
                assertTrue(g.get("hypervolume").asDouble() > 0);
            }
            assertTrue(generations.get(1).get("hypervolume").asDouble() >= generations.get(0).get("hypervolume").asDouble(),
                    "the front over all candidates so far cannot shrink");
            assertEquals(2, run.state().orElseThrow().generation());
        }
    }
}

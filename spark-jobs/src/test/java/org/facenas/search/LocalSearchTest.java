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
import org.facenas.data.SharedData;
import org.facenas.records.CandidateResult;
import org.facenas.results.CandidateRecord;
import org.facenas.results.GenerationRecord;
import org.facenas.results.SearchConfig;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.CostModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search job on a real local[2] Spark with real training on celeba112 (tiny proxy, one epoch). */
class LocalSearchTest {

    static final Path CELEBA = SharedData.celeba112();

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
                hypervolumeReference: [0.3, 1000]
                references: [mobilefacenet]
                """.formatted(name, CELEBA, strategy, population, generations);
    }

    static RunDirectory newRun(Path dir, String yaml) {
        SearchConfig c = SearchConfig.parse(yaml, "test").withAbsolutePaths();
        return RunDirectory.create(dir, c, yaml);
    }

    static void runLocal(RunDirectory run) {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("test").set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            new SearchRun(run).run(sc, EvaluationSpec.of(run.config(), List.of()), new PrintStream(new ByteArrayOutputStream()));
        }
    }

    @Test
    void nsga2OnLocalSparkRecordsEveryCandidateOnceWithinTheBudget(@TempDir Path tmp) {
        Path dir = tmp.resolve("run");
        try (RunDirectory run = newRun(dir, config("local", "nsga2", 4, 2))) {
            runLocal(run);
        }
        try (RunDirectory run = RunDirectory.open(dir)) {
            List<CandidateRecord> candidates = run.candidateRecords();
            Set<String> seen = new HashSet<>();
            String dataHash = org.facenas.data.FaceDataset.open(CELEBA).listingHash();
            for (CandidateRecord c : candidates) {
                String bs = c.blockString();
                assertTrue(seen.add(bs), "trained twice: " + bs);
                assertTrue(CostModel.of(Architecture.parse(bs)).mflops() < 150, "over budget: " + bs);
                assertEquals(CandidateResult.Status.OK, c.result().status(), c.toString());
                assertTrue(c.result().accuracy() > 0.3);
                assertTrue(c.result().latencyMs() > 0);
                assertEquals(c.genotype().length, candidates.get(0).genotype().length);
                assertTrue(c.genotype().length > 0);
                assertEquals(0, c.rung());
                assertEquals(dataHash, c.dataHash(), "the listing hash of the data the candidate trained on is recorded");
                assertEquals(dir.getFileName().toString(), c.runId());
            }
            assertTrue(candidates.size() >= 5, "4 initial + offspring, got " + candidates.size());
            List<GenerationRecord> generations = run.generationRecords();
            assertEquals(2, generations.size());
            for (GenerationRecord g : generations) {
                assertEquals(4, g.population().size());
                g.population().forEach(p -> assertTrue(seen.contains(p), "population member never evaluated"));
                assertFalse(g.front().isEmpty());
                assertTrue(g.hypervolume() > 0);
            }
            assertTrue(generations.get(1).hypervolume() >= generations.get(0).hypervolume(),
                    "the front over all candidates so far cannot shrink");
            assertEquals(2, run.state().orElseThrow().generation());
        }
        resumeAfterALostStateKeepsTheGenerationLines(dir);
        inspectAndExport(dir, tmp);
    }

    /**
     * Issue 24 (9): the documented recovery (delete state.json, resume) rebuilds the generations from the recorded
     * candidates; their lines were appended again, computed over every candidate, and the report drew those.
     */
    static void resumeAfterALostStateKeepsTheGenerationLines(Path dir) {
        try {
            byte[] lines = java.nio.file.Files.readAllBytes(dir.resolve(RunDirectory.GENERATIONS));
            int candidates = org.facenas.results.RunLog.readCandidates(dir).size();
            java.nio.file.Files.delete(dir.resolve(RunDirectory.STATE));
            try (RunDirectory run = RunDirectory.open(dir)) {
                runLocal(run);
                assertEquals(2, run.state().orElseThrow().generation(), "the state is rebuilt");
            }
            assertEquals(candidates, org.facenas.results.RunLog.readCandidates(dir).size(), "every candidate was reused");
            assertEquals(new String(lines, java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(dir.resolve(RunDirectory.GENERATIONS)), "one line per generation, as first written");
            assertEquals(List.of(1L, 2L), org.facenas.results.RunRecord.open(dir).generations().stream()
                    .map(GenerationRecord::generation).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What a user does next: the front as JSON, then the top architecture exported and run in ONNX Runtime. */
    static void inspectAndExport(Path dir, Path tmp) {
        var out = new java.io.StringWriter();
        var cli = org.facenas.search.cli.FaceNas.commandLine();
        cli.setOut(new java.io.PrintWriter(out));
        assertEquals(0, cli.execute("front", dir.toString(), "--json"));
        JsonNode front;
        try {
            front = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        } catch (java.io.IOException e) {
            throw new AssertionError(out.toString(), e);
        }
        assertTrue(front.isArray() && !front.isEmpty());
        double previous = Double.MAX_VALUE;
        for (JsonNode row : front) {
            for (String field : List.of("rank", "accuracy", "mflops", "params", "blockString", "status")) {
                assertTrue(row.has(field), "front row lacks " + field + ": " + row);
            }
            assertTrue(row.get("accuracy").asDouble() <= previous, "sorted by accuracy");
            previous = row.get("accuracy").asDouble();
        }
        // on a 2-objective front, higher accuracy costs more MFLOPs
        for (int i = 1; i < front.size(); i++) {
            assertTrue(front.get(i).get("mflops").asDouble() < front.get(i - 1).get("mflops").asDouble(), "not a front: " + front);
        }
        Path onnx = tmp.resolve("top.onnx");
        Path zip = tmp.resolve("top.zip");
        Path json = tmp.resolve("top.json");
        assertEquals(0, cli.execute("export", dir.toString(), "--rank", "1", "--format", "onnx", "--out", onnx.toString()));
        assertEquals(0, cli.execute("export", dir.toString(), "--rank", "1", "--format", "dl4j", "--out", zip.toString()));
        assertEquals(0, cli.execute("export", dir.toString(), "--rank", "1", "--format", "json", "--out", json.toString()));
        ExportedModelCheck.assertOnnxMatchesDl4j(onnx, zip, json, front.get(0).get("blockString").asText());
        assertEquals(2, cli.execute("export", dir.toString(), "--rank", "99", "--format", "json", "--out", tmp.resolve("rank99.json").toString()));
        assertReportRenders(cli, dir, tmp, front.size());
    }

    /** The HTML report opens from disk in headless Chromium with every chart drawn and no script error. */
    static void assertReportRenders(picocli.CommandLine cli, Path dir, Path tmp, int frontSize) {
        try {
            // --force: a run reported before (HalvingSearchTest reports it, resumes it, reports it again) keeps its old report otherwise
            assertEquals(0, cli.execute("report", dir.toString(), "--force"));
            Path html = dir.resolve("report.html");
            String page = Files.readString(html);
            assertFalse(page.contains("<script src="), "the report must be self-contained");
            String dom = HeadlessChromium.dumpDom(html, tmp);
            var status = java.util.regex.Pattern.compile("id=\"status\" data-charts=\"(\\d+)\" data-errors=\"(\\d+)\"").matcher(dom);
            assertTrue(status.find(), "no status element in the rendered page: " + dom.substring(0, Math.min(500, dom.length())));
            int charts = Integer.parseInt(status.group(1));
            assertEquals("0", status.group(2), "script errors in the report: " + dom.substring(dom.indexOf("id=\"status\"")).lines().findFirst().orElse(""));
            assertEquals(2 + Math.min(6, frontSize), charts, "scatter, hypervolume and one per front architecture");
            int scatter = dom.indexOf("id=\"scatter\"");
            assertTrue(dom.indexOf("<svg", scatter) > 0 && dom.indexOf("<path", scatter) > 0, "the scatter has no drawing");
            assertTrue(dom.contains("mobilefacenet"), "the zoo reference is marked");
            Path png = HeadlessChromium.screenshot(html, tmp);
            assertTrue(Files.size(png) > 20_000, "screenshot " + png + " is " + Files.size(png) + " bytes");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

package org.facenas.search.predictor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.results.stats.Bootstrap;
import org.facenas.search.bench.BenchRunDirectory;
import org.facenas.search.bench.BenchTask;
import org.facenas.search.cli.FaceNas;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The predictor learns a score that depends on the genes, gets better with more points, and declines too few. */
class ArchitecturePredictorTest {

    static final ArchitectureCodec CODEC = ArchitectureCodec.of(SearchSpace.named("mbf-space"));

    /** A made-up score: the sum of three genes' choice indices plus a little noise. */
    static List<PredictorCrossValidation.Scored> sample(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<PredictorCrossValidation.Scored> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (out.size() < n) {
            int[] idx = new int[CODEC.geneCount()];
            for (int g = 0; g < idx.length; g++) {
                idx[g] = random.nextInt(CODEC.choiceCount(g));
            }
            Architecture a = CODEC.decode(idx);
            int[] back = CODEC.indicesOf(a);
            if (seen.add(a.blockString())) {
                double score = back[1] + back[3] + back[5] + 0.1 * random.nextGaussian();
                out.add(new PredictorCrossValidation.Scored("a" + out.size(), a, score, Map.of()));
            }
        }
        return out;
    }

    @Test
    void crossValidatedTauRisesWithTrainingPointsOnAScoreTheGenesDetermine() {
        ArchitectureFeatures f = new ArchitectureFeatures(CODEC, List.of());
        List<PredictorCrossValidation.Point> points = PredictorCrossValidation.run(sample(60, 3), f,
                org.facenas.results.PredictorModel.FOREST, List.of(10, 0), 5, 1, new Bootstrap(200, 0.9, 1));
        assertEquals(List.of("10", "all"), points.stream().map(PredictorCrossValidation.Point::size).toList());
        double few = points.get(0).tau().value();
        double all = points.get(1).tau().value();
        assertEquals(48, points.get(1).trainingPoints(), "all: the other four folds");
        assertTrue(all > 0.5, "tau from 48 points " + all);
        assertTrue(all > few, "more points predict better: " + few + " -> " + all);
        assertTrue(points.get(1).tau().lo() < all && all < points.get(1).tau().hi(), "an interval around it");
    }

    @Test
    void tooFewArchitecturesAreDeclinedWithTheReason() {
        ArchitectureFeatures f = new ArchitectureFeatures(CODEC, List.of());
        List<ArchitecturePredictor.Example> five = new ArrayList<>();
        for (PredictorCrossValidation.Scored s : sample(5, 1)) {
            five.add(new ArchitecturePredictor.Example(f.of(s.architecture(), Map.of()).orElseThrow(), s.score()));
        }
        ArchitecturePredictor.Fit fit = ArchitecturePredictor.fit(org.facenas.results.PredictorModel.FOREST, f, five, 1);
        assertTrue(fit.predictor().isEmpty());
        assertTrue(fit.whyNot().contains("5 scored architectures") && fit.whyNot().contains("at least 8"), fit.whyNot());
    }

    @Test
    void benchPredictorReadsARunDirectoryAndPrintsOneJsonDocument(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (BenchRunDirectory run = BenchRunDirectory.open(dir)) {
            for (PredictorCrossValidation.Scored s : sample(30, 5)) {
                for (long seed = 1; seed <= 2; seed++) {
                    ObjectNode r = json.createObjectNode();
                    r.put("status", "OK");
                    r.put("rocAuc", s.score() + (seed == 1 ? 0.01 : -0.01));
                    run.append(new BenchTask(s.label(), s.architecture().blockString(), ProxySettings.preset("quick"), seed, "none"), r, "driver");
                }
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FaceNas.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(0, cli.execute("bench", "predictor", "--records", dir.toString(), "--sizes", "10,40", "--folds", "5", "--resamples", "200", "--json"),
                err.toString());
        JsonNode doc = json.readTree(out.toString());
        assertEquals(30, doc.path("architectures").asInt());
        assertEquals("all", doc.path("points").get(2).path("size").asText());
        assertTrue(doc.path("points").get(2).path("tau").path("value").asDouble() > 0.3, doc.toString());
        assertTrue(doc.path("points").get(1).path("whyNot").asText().contains("outside a fold"), "40 of 30 cannot be drawn");
        assertTrue(doc.path("baselineTau").has("mflops"));
        StringWriter bad = new StringWriter();
        cli.setErr(new PrintWriter(bad));
        assertEquals(2, cli.execute("bench", "predictor", "--records", dir.toString(), "--proxy", "standard"));
        assertTrue(bad.toString().strip().lines().count() == 1 && bad.toString().contains("--proxy standard"), bad.toString());
    }
}

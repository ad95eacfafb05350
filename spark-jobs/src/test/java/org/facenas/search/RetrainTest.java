package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.evaluator.export.TrainedModel;
import org.facenas.records.CandidateResult;
import org.facenas.results.CandidateRecord;
import org.facenas.results.RunLog;
import org.facenas.results.RunRecord;
import org.facenas.search.bench.BenchRunDirectory;
import org.facenas.search.cli.RetrainCommand;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * facenas retrain at a tiny size on real celeba112 faces at 112x112 (four identities, one epoch, local Spark): the
 * front's best member and the run's reference trained alike, each model written in every format with the run's
 * provenance (ONNX agreeing with DL4J), scored on both verification sets, and a rerun training nothing. The run record
 * is written, not searched: retrain trains from scratch, so a search would only slow the test down.
 */
class RetrainTest {

    static final Path CELEBA = LocalSearchTest.CELEBA;

    /** Small enough to train at 112 in seconds (TrainCommandTest's); the reference is a block string, so it is reference-1. */
    static final String FRONT = "stem_c16,ir_r1_k3_s2_e2_c24,ir_r1_k3_s2_e2_c32_se0.25,head_c64_gdc_emb32";
    static final String REFERENCE = "stem_c16,ir_r1_k3_s2_e2_c24,head_c64_gdc_emb64";

    static CandidateResult result(String bs, double accuracy) {
        Cost c = CostModel.of(Architecture.parse(bs));
        return CandidateResult.builder().blockString(bs).status(CandidateResult.Status.OK).proxy("tiny")
                .seed(1).params(c.params()).macs(c.macs()).flops(c.flops()).mflops(c.mflops()).sizeBytes(c.sizeBytes())
                .accuracy(accuracy).accuracyStd(0.01).rocAuc(accuracy).kd("none").build();
    }

    @Test
    void retrainTrainsExportsAndScoresEveryModelOnEverySetOnce(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(RunRecord.CONFIG), """
                name: retrain
                data: %s
                populationSize: 2
                generations: 1
                references: ["%s"]
                """.formatted(CELEBA, REFERENCE));
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), "");
        try (RunLog log = RunLog.open(dir)) {
            log.append(new CandidateRecord(result(FRONT, 0.7), "retrain", 1, 0, new int[] {0}, "0@host", "t", "h"));
        }
        byte[] candidates = Files.readAllBytes(dir.resolve(RunRecord.CANDIDATES));
        // a second held-out set: each fold's last 5 same and 5 different pairs of DevTest (the first set scores its first ones)
        List<String> lines = Files.readAllLines(CELEBA.resolve("pairsDevTest.txt"));
        List<String> tail = new java.util.ArrayList<>(List.of("10\t5"));
        for (int f = 0; f < 10; f++) {
            tail.addAll(lines.subList(1 + f * 300 + 145, 1 + f * 300 + 150));
            tail.addAll(lines.subList(1 + f * 300 + 295, 1 + f * 300 + 300));
        }
        Path second = Files.write(tmp.resolve("pairsTail.txt"), tail);
        String[] tiny = {"--epochs", "1", "--top", "1", "--identities", "4", "--images-per-identity", "4", "--batch", "8",
                "--pairs-per-fold", "10", "--latency-runs", "2", "--pairs", "pairsDevTest.txt," + second};

        ConfirmTest.Out bad = ConfirmTest.facenas(concat(new String[] {"retrain", dir.toString(), "--references"},
                concat(tiny, new String[] {"--pairs", "nosuch.txt"})));
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("nosuch.txt does not exist") && bad.err().strip().lines().count() == 1, bad.err());
        assertFalse(Files.exists(dir.resolve(RetrainCommand.DIR)), "nothing started");
        ConfirmTest.Out badRecipe = ConfirmTest.facenas(concat(new String[] {"retrain", dir.toString(), "--recipe", "sgd"}, tiny));
        assertEquals(2, badRecipe.code(), badRecipe.err());
        assertTrue(badRecipe.err().contains("--recipe sgd: unknown recipe, use one of adam, arcface")
                && badRecipe.err().strip().lines().count() == 1, badRecipe.err());
        assertFalse(Files.exists(dir.resolve(RetrainCommand.DIR)), "nothing started");

        ConfirmTest.Out first = ConfirmTest.facenas(concat(new String[] {"retrain", dir.toString(), "--references"}, tiny));
        assertEquals(0, first.code(), first.err());
        Path records = dir.resolve(RetrainCommand.DIR).resolve(BenchRunDirectory.RECORDS);
        assertEquals(2, Files.readAllLines(records).size(), "front-1 and reference-1, seed 1");
        String out = first.out();
        for (String set : List.of("pairsDevTest.txt", "pairsTail.txt")) {
            assertTrue(out.lines().anyMatch(l -> l.equals(set)), "a table per set: " + out);
        }
        assertEquals(2, out.lines().filter(l -> l.startsWith("front-1 ") && !l.contains("reference-1")).count(), out);
        assertEquals(2, out.lines().filter(l -> l.startsWith("reference-1 *")).count(), out);
        for (String set : List.of("pairsDevTest.txt", "pairsTail.txt")) {
            assertTrue(out.contains("paired difference against each reference (accuracy on " + set + ", same seeds; 90% bootstrap"), out);
        }
        assertEquals(2, out.lines().filter(l -> l.startsWith("front-1 ") && l.contains("reference-1") && l.endsWith("n/a (one seed)")).count(),
                "one seed: a difference, no interval: " + out);

        byte[] recorded = Files.readAllBytes(records);
        ConfirmTest.Out again = ConfirmTest.facenas(concat(new String[] {"retrain", dir.toString(), "--references", "--json"}, tiny));
        assertEquals(0, again.code(), again.err());
        assertArrayEquals(recorded, Files.readAllBytes(records), "nothing trained again");
        assertArrayEquals(candidates, Files.readAllBytes(dir.resolve(RunRecord.CANDIDATES)), "the search's records are untouched");
        JsonNode doc = new ObjectMapper().readTree(again.out());
        assertEquals(2, doc.get("models").size());
        for (JsonNode m : doc.get("models")) {
            assertEquals("OK", m.get("status").asText(), m.toString());
            assertEquals(2, m.get("verification").size(), "scored on both sets: " + m);
            for (JsonNode v : m.get("verification")) {
                assertEquals(100, v.get("pairs").asInt(), v.toString());
                assertTrue(v.get("rocAuc").asDouble() > 0 && v.get("accuracy").asDouble() > 0, v.toString());
            }
            Path model = Path.of(m.get("model").asText());
            String bs = m.get("blockString").asText();
            ExportedModelCheck.assertOnnxMatchesDl4j(model.resolve(TrainedModel.ONNX), model.resolve(TrainedModel.DL4J),
                    model.resolve(TrainedModel.JSON), bs);
            assertTrue(Files.isRegularFile(model.resolve("model.py")) && Files.isRegularFile(model.resolve("model.pt")),
                    "the PyTorch export beside the others: " + model);
            JsonNode provenance = new ObjectMapper().readTree(model.resolve(TrainedModel.JSON).toFile()).get("provenance");
            assertEquals("run", provenance.get("runId").asText(), "the provenance names the run: " + provenance);
            assertTrue(provenance.get("weights").asText().startsWith("trained 1 epochs at 112x112"), provenance.toString());
        }
        assertEquals(0.9, doc.get("level").asDouble());
        JsonNode oneSeed = doc.get("differences").get("pairsDevTest.txt").get(0);
        assertEquals(1, oneSeed.get("pairs").asInt(), oneSeed.toString());
        assertTrue(oneSeed.get("lo").isNull() && !oneSeed.get("excludesZero").asBoolean(), oneSeed.toString());

        // a second seed resumes the job (only seed 2 trains) and pairs the two seeds: confirm's bootstrap interval per set
        String[] twoSeeds = concat(new String[] {"retrain", dir.toString(), "--references", "--json", "--seeds", "1,2"}, tiny);
        ConfirmTest.Out seeded = ConfirmTest.facenas(twoSeeds);
        assertEquals(0, seeded.code(), seeded.err());
        assertEquals(4, Files.readAllLines(records).size(), "seed 2 of both architectures added");
        JsonNode both = new ObjectMapper().readTree(seeded.out());
        for (String set : List.of("pairsDevTest.txt", "pairsTail.txt")) {
            JsonNode diffs = both.get("differences").get(set);
            assertEquals(1, diffs.size(), "front-1 against reference-1: " + diffs);
            JsonNode d = diffs.get(0);
            assertEquals("front-1", d.get("label").asText());
            assertEquals("reference-1", d.get("reference").asText());
            assertEquals(2, d.get("pairs").asInt(), d.toString());
            double[] acc = new double[4];
            for (JsonNode m : both.get("models")) {
                for (JsonNode v : m.get("verification")) {
                    if (v.get("set").asText().equals(set)) {
                        acc[(m.get("reference").asBoolean() ? 2 : 0) + (int) m.get("seed").asLong() - 1] = v.get("accuracy").asDouble();
                    }
                }
            }
            // the paired mean difference, by hand from the models' own scores
            assertEquals(((acc[0] - acc[2]) + (acc[1] - acc[3])) / 2, d.get("difference").asDouble(), 1e-12, d.toString());
            assertTrue(d.get("lo").asDouble() <= d.get("difference").asDouble() && d.get("difference").asDouble() <= d.get("hi").asDouble(),
                    d.toString());
            assertEquals(d.get("lo").asDouble() > 0 || d.get("hi").asDouble() < 0, d.get("excludesZero").asBoolean(), d.toString());
        }

        // the report draws accuracy vs MFLOPs per set from the retrained models: each model x seed a point on each set
        String html = org.facenas.results.report.HtmlReport.render(RunRecord.open(dir));
        int start = html.indexOf("const DATA = ") + "const DATA = ".length();
        String line = html.substring(start, html.indexOf('\n', start));
        JsonNode points = new ObjectMapper().readTree(line.substring(0, line.lastIndexOf(';'))).get("retrained");
        assertEquals(8, points.size(), points.toString());
        for (JsonNode m : both.get("models")) {
            for (JsonNode v : m.get("verification")) {
                assertEquals(1, java.util.stream.StreamSupport.stream(points.spliterator(), false).filter(p -> p.get("set").asText()
                        .equals(v.get("set").asText()) && p.get("label").asText().equals(m.get("label").asText())
                        && p.get("seed").asLong() == m.get("seed").asLong() && p.get("acc").asDouble() == v.get("accuracy").asDouble()
                        && p.get("reference").asBoolean() == m.get("reference").asBoolean()
                        && p.get("mflops").asDouble() == m.get("mflops").asDouble()).count(), m + " on " + v);
            }
        }
        assertTrue(html.contains("Retrained at 112x112: accuracy vs MFLOPs per verification set"));
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

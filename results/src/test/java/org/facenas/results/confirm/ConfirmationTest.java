package org.facenas.results.confirm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facenas.records.CandidateResult;
import org.facenas.results.CandidateRecord;
import org.facenas.results.FrontRow;
import org.facenas.results.Metric;
import org.facenas.results.RunFront;
import org.facenas.results.RunLog;
import org.facenas.results.RunRecord;
import org.facenas.results.SearchConfig;
import org.facenas.results.stats.Bootstrap;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confirmation's selection and summary against brute force on a run directory written line by line: means and
 * seed stds, failed trainings left out and counted, differences paired only over the seeds both architectures have.
 */
class ConfirmationTest {

    static final String MBF = Zoo.resolve("mobilefacenet").blockString();
    static final String MBF512 = Zoo.resolve("mobilefacenet-512").blockString();
    static final String IRES = Zoo.resolve("iresnet-mini").blockString();
    static final String DS = Zoo.resolve("ds-face-k7").blockString();

    static final String CONFIG = """
            name: confirm-test
            data: /nonexistent/data
            populationSize: 2
            generations: 1
            references: [mobilefacenet]
            seedArchitectures: [mobilefacenet, mobilefacenet-512]
            """;

    @TempDir
    Path dir;

    static CandidateResult result(String bs, Double accuracy, long seed) {
        return CandidateResult.builder().blockString(bs).status(accuracy == null ? CandidateResult.Status.FAILED : CandidateResult.Status.OK)
                .failure(accuracy == null ? "NaN loss" : null).proxy("tiny").seed(seed).mflops(CostModel.of(Architecture.parse(bs)).mflops())
                .params(CostModel.of(Architecture.parse(bs)).params()).accuracy(accuracy)
                .rocAuc(accuracy).kd("none").build();
    }

    /** A confirm record as the bench run directory writes it. */
    static String line(ObjectMapper json, String label, String bs, String proxy, long seed, Double accuracy) throws Exception {
        ObjectNode n = json.createObjectNode();
        n.put("key", bs + "|" + proxy + "|" + seed + "|none");
        n.put("label", label);
        n.put("blockString", bs);
        n.put("proxyName", proxy);
        n.put("seed", seed);
        n.put("kd", "none");
        n.set("result", json.valueToTree(result(bs, accuracy, seed)));
        return json.writeValueAsString(n);
    }

    Path run(String config, List<CandidateResult> candidates) throws Exception {
        Files.writeString(dir.resolve(RunRecord.CONFIG), config);
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), "");
        try (RunLog log = RunLog.open(dir)) {
            for (CandidateResult r : candidates) {
                log.append(new CandidateRecord(r, "t", 1, 0, new int[] {0}, "0@host", "2026-01-01T00:00:00Z", "h"));
            }
        }
        return dir;
    }

    @Test
    void referencesAreTheConfigsReferencesThenItsSeedsEachOnce() {
        List<ConfirmSelection.Entry> refs = ConfirmSelection.references(SearchConfig.parse(CONFIG, "test"));
        assertEquals(List.of(new ConfirmSelection.Entry("mobilefacenet", MBF, true), new ConfirmSelection.Entry("mobilefacenet-512", MBF512, true)),
                refs);
        String own = "stem_c32,ds_r1_k3_s2_c64,head_c128_gdc_emb128";
        List<ConfirmSelection.Entry> seeded = ConfirmSelection.references(SearchConfig.parse(CONFIG.replace("[mobilefacenet, mobilefacenet-512]",
                "[\"" + own + "\"]"), "test"));
        assertEquals(new ConfirmSelection.Entry("seed-1", own, true), seeded.get(1));
    }

    @Test
    void selectionTakesTheBestFrontMembersThatAreNotReferences() throws Exception {
        // mobilefacenet (a reference) tops the front; iresnet-mini and ds-face-k7 are cheaper and worse
        run(CONFIG, List.of(result(MBF, 0.80, 1), result(IRES, 0.75, 1), result(DS, 0.70, 1)));
        RunRecord record = RunRecord.open(dir);
        List<FrontRow> front = RunFront.of(record, null, null, "score");
        assertEquals(MBF, front.get(0).blockString(), "the reference is the front's best");
        List<ConfirmSelection.Entry> one = ConfirmSelection.select(record, 1);
        assertEquals(List.of(IRES, MBF, MBF512), one.stream().map(ConfirmSelection.Entry::blockString).toList());
        assertEquals("front-" + front.stream().filter(r -> r.blockString().equals(IRES)).findFirst().orElseThrow().rank(), one.get(0).label());
        assertFalse(one.get(0).reference());
        List<String> candidates = ConfirmSelection.select(record, 10).stream().filter(e -> !e.reference()).map(ConfirmSelection.Entry::blockString).toList();
        assertEquals(front.stream().map(FrontRow::blockString).filter(b -> !b.equals(MBF)).toList(), candidates);
        assertThrows(IllegalArgumentException.class, () -> ConfirmSelection.select(record, 0));
    }

    @Test
    void aFrontOfReferencesAloneHasNothingToConfirm() throws Exception {
        run(CONFIG, List.of(result(MBF, 0.80, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfirmSelection.select(RunRecord.open(dir), 3));
        assertTrue(e.getMessage().contains("nothing to confirm") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void meansStdsAndPairedDifferencesMatchBruteForce() throws Exception {
        run(CONFIG, List.of(result(IRES, 0.75, 1), result(DS, 0.7, 1)));
        ObjectMapper json = new ObjectMapper();
        double[] cand = {0.71, 0.74, 0.69};
        Double[] ref = {0.66, 0.70, null}; // seed 3 failed
        List<String> lines = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            lines.add(line(json, "front-1", IRES, "tiny", s + 1, cand[s]));
            lines.add(line(json, "mobilefacenet", MBF, "tiny", s + 1, ref[s]));
        }
        lines.add(line(json, "front-1", IRES, "tiny", 1, 0.99)); // the same key twice: the first counts
        lines.add(line(json, "front-1", IRES, "quick", 1, 0.80)); // another proxy
        Files.createDirectories(Confirmation.records(dir).getParent());
        Files.writeString(Confirmation.records(dir), String.join("\n", lines) + "\n{\"key\":\"torn");

        List<Confirmation.Trial> trials = Confirmation.read(dir);
        assertEquals(7, trials.size(), "duplicate key and torn last line dropped");
        List<ConfirmSelection.Entry> archs = List.of(new ConfirmSelection.Entry("front-1", IRES, false),
                new ConfirmSelection.Entry("mobilefacenet", MBF, true));
        Bootstrap b = new Bootstrap(500, 0.9, 7);
        Confirmation.Report r = Confirmation.summarise(trials, Metric.ACCURACY, "tiny", archs, List.of(1L, 2L, 3L), b);
        Confirmation.Row c = r.rows().get(0);
        double m = (0.71 + 0.74 + 0.69) / 3;
        assertEquals(m, c.mean(), 1e-12);
        assertEquals(Math.sqrt(((0.71 - m) * (0.71 - m) + (0.74 - m) * (0.74 - m) + (0.69 - m) * (0.69 - m)) / 2), c.std(), 1e-12);
        Confirmation.Row refRow = r.rows().get(1);
        assertEquals(List.of(1L, 2L), refRow.seeds());
        assertEquals(1, refRow.failed());
        assertEquals(0.68, refRow.mean(), 1e-12);
        assertEquals(1, r.differences().size());
        Confirmation.Difference d = r.differences().get(0);
        assertEquals(2, d.pairs(), "seed 3 has no reference score to pair with");
        assertEquals(((0.71 - 0.66) + (0.74 - 0.70)) / 2, d.difference().value(), 1e-12);
        // every resample of two positive differences is positive
        assertTrue(d.difference().lo() >= 0.04 - 1e-12 && d.difference().hi() <= 0.05 + 1e-12, d.toString());
        assertTrue(d.excludesZero());

        Map<String, List<Confirmation.Score>> scores = Confirmation.scores(dir, Metric.ACCURACY);
        assertEquals(List.of("tiny", "quick"), scores.get(IRES).stream().map(Confirmation.Score::proxy).toList());
        assertEquals(3, scores.get(IRES).get(0).seeds());
        assertEquals(null, scores.get(IRES).get(1).std(), "one seed has no spread");
        // front shows them; report's tables cover both proxies
        FrontRow row = RunFront.of(RunRecord.open(dir), null, null, "score").stream().filter(x -> x.blockString().equals(IRES)).findFirst().orElseThrow();
        assertEquals(scores.get(IRES), row.confirmed());
        assertEquals(List.of("tiny", "quick"), Confirmation.reports(dir, SearchConfig.parse(CONFIG, "t"), b).stream()
                .map(Confirmation.Report::proxy).toList());
    }

    @Test
    void selectionByConfirmedScoreRanksTheConfirmedMeansNotTheFront() throws Exception {
        // the front puts iresnet-mini (0.75) above ds-face-k7 (0.70); confirmation over seeds reverses them
        run(CONFIG, List.of(result(IRES, 0.75, 1), result(DS, 0.70, 1)));
        ObjectMapper json = new ObjectMapper();
        double[] ires = {0.70, 0.66, 0.69};
        double[] ds = {0.72, 0.71, 0.65};
        List<String> lines = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            lines.add(line(json, "front-1", IRES, "tiny", s + 1, ires[s]));
            lines.add(line(json, "front-2", DS, "tiny", s + 1, ds[s]));
            lines.add(line(json, "mobilefacenet", MBF, "tiny", s + 1, 0.99));
        }
        lines.add(line(json, "front-1", IRES, "quick", 1, 0.80));
        Files.createDirectories(Confirmation.records(dir).getParent());
        Files.writeString(Confirmation.records(dir), String.join("\n", lines) + "\n");
        RunRecord record = RunRecord.open(dir);
        assertEquals(IRES, ConfirmSelection.select(record, 1).get(0).blockString(), "the front's order");

        // brute force: the largest mean over the proxy's seeds, references (0.99) never among the candidates
        double iresMean = (0.70 + 0.66 + 0.69) / 3;
        double dsMean = (0.72 + 0.71 + 0.65) / 3;
        String expected = dsMean > iresMean ? DS : IRES;
        List<ConfirmSelection.Entry> one = ConfirmSelection.selectConfirmed(record, 1, "tiny");
        assertEquals(List.of(new ConfirmSelection.Entry("confirmed-1", expected, false), new ConfirmSelection.Entry("mobilefacenet", MBF, true),
                new ConfirmSelection.Entry("mobilefacenet-512", MBF512, true)), one);
        assertEquals(List.of(DS, IRES), ConfirmSelection.selectConfirmed(record, 5, "tiny").stream().filter(e -> !e.reference())
                .map(ConfirmSelection.Entry::blockString).toList(), "every confirmed architecture, best first, each once");
        assertEquals(List.of(IRES), ConfirmSelection.selectConfirmed(record, 5, "quick").stream().filter(e -> !e.reference())
                .map(ConfirmSelection.Entry::blockString).toList(), "only what was confirmed at that proxy");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfirmSelection.selectConfirmed(record, 1, "standard"));
        assertTrue(e.getMessage().contains("confirmed at standard") && e.getMessage().contains("facenas confirm")
                && !e.getMessage().contains("\n"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfirmSelection.selectConfirmed(record, 0, "tiny"));
    }

    @Test
    void anEarlierConfirmationsFrontOneKeepsItsOwnNameInTheFullTable() throws Exception {
        // a first confirmation called iresnet-mini front-1; after the search resumed, a second called ds-face-k7 front-1
        run(CONFIG, List.of(result(IRES, 0.75, 1), result(DS, 0.70, 1)));
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (String[] c : new String[][] {{"front-1", IRES}, {"mobilefacenet", MBF}, {"front-1", DS}, {"front-1", MBF512}}) {
            for (long seed = 1; seed <= 2; seed++) {
                lines.add(line(json, c[0], c[1], "tiny", seed, 0.7));
            }
        }
        Files.createDirectories(Confirmation.records(dir).getParent());
        Files.writeString(Confirmation.records(dir), String.join("\n", lines) + "\n");
        List<Confirmation.Report> reports = Confirmation.reports(dir, SearchConfig.parse(CONFIG, "t"), new Bootstrap(100, 0.9, 1));
        Map<String, String> byBlock = new java.util.HashMap<>();
        reports.get(0).rows().forEach(r -> byBlock.put(r.blockString(), r.label()));
        // newest first: mobilefacenet-512 was last called front-1, ds-face-k7 before it, iresnet-mini first
        assertEquals("front-1", byBlock.get(MBF512));
        assertEquals("front-1 (earlier)", byBlock.get(DS));
        assertEquals("front-1 (earlier 2)", byBlock.get(IRES));
        assertEquals("mobilefacenet", byBlock.get(MBF));
        assertEquals(4, byBlock.values().stream().distinct().count(), "no two rows share a label");
    }

    @Test
    void aDamagedLineIsAOneLineErrorNamingIt() throws Exception {
        run(CONFIG, List.of());
        Files.createDirectories(Confirmation.records(dir).getParent());
        Files.writeString(Confirmation.records(dir), "{\"label\":\"x\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Confirmation.read(dir));
        assertTrue(e.getMessage().contains("line 1") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aRetriedFailureCountsByItsOkRecordAndAnOkRecordIsNeverReplaced() throws Exception {
        run(CONFIG, List.of());
        Files.createDirectories(Confirmation.records(dir).getParent());
        ObjectMapper json = new ObjectMapper();
        // seed 1: failed, then retried OK; seed 2: OK, then a later failure; seed 3: failed twice
        Files.write(Confirmation.records(dir), List.of(line(json, "a", MBF, "tiny", 1, null), line(json, "a", MBF, "tiny", 2, 0.7),
                line(json, "a", MBF, "tiny", 1, 0.8), line(json, "a", MBF, "tiny", 2, null), line(json, "a", MBF, "tiny", 3, null),
                line(json, "b", MBF, "tiny", 3, null)));
        List<Confirmation.Trial> trials = Confirmation.read(dir);
        assertEquals(3, trials.size());
        assertEquals(0.8, trials.get(0).result().accuracy());
        assertEquals(0.7, trials.get(1).result().accuracy());
        assertFalse(trials.get(2).result().ok());
        assertEquals("b", trials.get(2).label(), "of two failures, the last counts");
    }
}

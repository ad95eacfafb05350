package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facenas.data.SharedData;
import org.facenas.records.CandidateResult;
import org.facenas.records.proxy.ProxyOverrides;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.results.SearchConfig;
import org.facenas.search.bench.BenchRunDirectory;
import org.facenas.search.bench.BenchTask;
import org.facenas.search.cli.FaceNas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Trainings recorded before issue 25 (DL4J's double weight decay) are never reused as trainings with the decay once:
 * a bench resumed over the committed records finds none of them under today's proxies and every one under
 * {@code PRESET:weightDecayRule=doubled}; a search resumed over an old candidate is refused before Spark starts, in
 * one line, its records untouched.
 */
class WeightDecayRecordsTest {

    static final Path CELEBA = SharedData.celeba112();

    @TempDir
    Path tmp;

    @Test
    void aBenchResumedOverOldRecordsTrainsThemAgainUnderTheNewRule() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("fidelity"));
        Path committed = Path.of("../measurements/proxy/fidelity").resolve(BenchRunDirectory.RECORDS);
        Files.copy(committed, dir.resolve(BenchRunDirectory.RECORDS));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(committed)) {
            lines.add(json.readTree(line));
        }
        assertTrue(lines.size() >= 50, "the committed records: " + lines.size());
        try (BenchRunDirectory run = BenchRunDirectory.open(dir)) {
            for (JsonNode r : lines) {
                String name = r.get("proxyName").asText();
                ProxySettings now = ProxySettings.preset(name);
                ProxySettings old = ProxyOverrides.parse(name + ":weightDecayRule=doubled");
                String arch = r.get("blockString").asText();
                long seed = r.get("seed").asLong();
                String kd = r.get("kd").asText();
                assertFalse(run.record(new BenchTask("a", arch, now, seed, kd)).isPresent(), "reused under the new rule: " + r.get("key"));
                assertEquals(r.get("key").asText(), run.record(new BenchTask("a", arch, old, seed, kd)).orElseThrow().key());
            }
        }
    }

    @Test
    void aSearchResumedOverAnOldCandidateIsRefused() throws Exception {
        String yaml = """
                name: old
                data: %s
                proxy: tiny
                populationSize: 2
                generations: 1
                """.formatted(CELEBA);
        SearchConfig config = SearchConfig.parse(yaml, "test").withAbsolutePaths();
        Path out = tmp.resolve("run");
        String arch = "stem_c16,ir_r1_k3_s2_e2_c16,head_c32_gdc_emb16";
        String oldKey = ProxyOverrides.parse("tiny:weightDecayRule=doubled").describe();
        try (RunDirectory run = RunDirectory.create(out, config, yaml)) {
            run.record(CandidateResult.builder().blockString(arch).status(CandidateResult.Status.OK).proxy(oldKey).seed(1)
                    .accuracy(0.6).build(), 1, 0, new int[] {0}, "driver", "h");
        }
        byte[] before = Files.readAllBytes(out.resolve(RunDirectory.CANDIDATES));

        CommandLine cli = FaceNas.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute("search", "--resume", out.toString());
        String message = err.toString().strip();
        assertEquals(2, code, message);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains(oldKey + " and its config now trains " + oldKey + ",wdrule=once")
                && message.contains("weight decay once per step"), message);
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve(RunDirectory.CANDIDATES))), "its records are kept");

        // a candidate recorded under today's key resumes as before
        Path now = tmp.resolve("now");
        try (RunDirectory run = RunDirectory.create(now, config, yaml)) {
            run.record(CandidateResult.builder().blockString(arch).status(CandidateResult.Status.OK)
                    .proxy(config.proxySettings().describe()).seed(1).accuracy(0.6).build(), 1, 0, new int[] {0}, "driver", "h");
        }
        try (RunDirectory reopened = RunDirectory.open(now)) {
            assertEquals(1, reopened.results().size());
        }
    }
}

package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.facenas.results.confirm.Confirmation;
import org.facenas.results.stats.Sample;
import org.facenas.search.cli.FaceNas;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * facenas confirm on a tiny real run (celeba112, tiny proxy of one epoch, local Spark): the best front member and the
 * run's reference retrained over two seeds, recorded under confirm/ while the search's own records stay byte for byte
 * as they were, a rerun training nothing, and front and report showing the confirmed scores.
 */
class ConfirmTest {

    record Out(int code, String out, String err) {
    }

    static Out facenas(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FaceNas.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Out(code, out.toString(), err.toString());
    }

    /** Every file of the run outside confirm/, by relative path. */
    static Map<String, byte[]> searchFiles(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(f).toString();
                if (!rel.startsWith(Confirmation.DIR + "/") && !rel.equals("report.html")) {
                    out.put(rel, Files.readAllBytes(f));
                }
            }
        }
        return out;
    }

    @Test
    void confirmRetrainsTheFrontAndReferencesOverSeedsBesideTheSearchsRecords(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        try (RunDirectory run = LocalSearchTest.newRun(dir,
                LocalSearchTest.config("confirm", "random", 2, 1).replace("latencyRuns: 3", "latencyRuns: 0"))) {
            LocalSearchTest.runLocal(run);
        }
        Map<String, byte[]> before = searchFiles(dir);
        assertTrue(before.containsKey("candidates.jsonl") && before.containsKey("references.jsonl"), before.keySet().toString());

        // bad input: one line, exit 2, before Spark starts and before confirm/ exists
        for (String[] bad : new String[][] {{tmp.resolve("nothing").toString()}, {dir.toString(), "--proxy", "nosuch"},
                {dir.toString(), "--seeds", ""}, {dir.toString(), "--top", "0"}, {dir.toString(), "--confirmed-at", "tiny"}}) {
            String[] args = Stream.concat(Stream.of("confirm"), Stream.of(bad)).toArray(String[]::new);
            Out o = facenas(args);
            assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
            assertEquals("", o.out());
        }
        assertFalse(Files.exists(dir.resolve(Confirmation.DIR)), "nothing started");

        Out first = facenas("confirm", dir.toString(), "--top", "1", "--seeds", "1,2");
        assertEquals(0, first.code(), first.err());
        Path records = Confirmation.records(dir);
        List<String> lines = Files.readAllLines(records);
        assertEquals(4, lines.size(), "front-1 and mobilefacenet x seeds 1, 2: " + lines);
        String table = first.out();
        assertTrue(table.contains("front-1") && table.contains("mobilefacenet *"), table);
        assertTrue(table.contains("paired difference against each reference"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("front-1\\s+mobilefacenet\\s+2\\s+[+-]\\d\\.\\d{4}\\s+\\[[+-]\\d\\.\\d{4}, [+-]\\d\\.\\d{4}\\]\\s+(no|yes, above|yes, below)")),
                table);
        assertTrue(Files.exists(dir.resolve(Confirmation.DIR).resolve("bench.json")));

        // a rerun trains nothing and prints the same numbers as one JSON document
        byte[] recorded = Files.readAllBytes(records);
        Out again = facenas("confirm", dir.toString(), "--top", "1", "--seeds", "1,2", "--json");
        assertEquals(0, again.code(), again.err());
        assertArrayEquals(recorded, Files.readAllBytes(records), "nothing trained again");
        // ranked by what confirm measured: the same architecture, found by its block string, so nothing trains
        Out byConfirmed = facenas("confirm", dir.toString(), "--top", "1", "--seeds", "1,2", "--confirmed-at", "tiny");
        assertEquals(0, byConfirmed.code(), byConfirmed.err());
        assertTrue(byConfirmed.out().contains("confirmed-1") && !byConfirmed.out().contains("front-1"), byConfirmed.out());
        assertArrayEquals(recorded, Files.readAllBytes(records), "nothing trained again");
        JsonNode doc = new ObjectMapper().readTree(again.out());
        assertEquals("accuracy", doc.get("score").asText());
        assertEquals(2, doc.get("architectures").size());
        for (JsonNode a : doc.get("architectures")) {
            assertEquals(2, a.get("seeds").size(), a.toString());
            double[] v = {a.get("bySeed").get("1").asDouble(), a.get("bySeed").get("2").asDouble()};
            assertEquals(Sample.mean(v), a.get("mean").asDouble(), 1e-12);
            assertEquals(Math.abs(v[0] - v[1]) / Math.sqrt(2), a.get("std").asDouble(), 1e-12, "sample std of two values");
            assertTrue(a.get("mean").asDouble() > 0.3, a.toString());
        }
        JsonNode d = doc.get("differences").get(0);
        JsonNode cand = doc.get("architectures").get(0);
        JsonNode ref = doc.get("architectures").get(1);
        assertTrue(ref.get("reference").asBoolean() && !cand.get("reference").asBoolean());
        assertEquals(2, d.get("pairs").asInt());
        assertEquals(cand.get("mean").asDouble() - ref.get("mean").asDouble(), d.get("difference").asDouble(), 1e-12,
                "the mean paired difference is the difference of the means when both have every seed");
        assertTrue(d.get("lo").asDouble() <= d.get("difference").asDouble() && d.get("difference").asDouble() <= d.get("hi").asDouble());

        assertEquals(before.keySet(), searchFiles(dir).keySet());
        Map<String, byte[]> after = searchFiles(dir);
        before.forEach((f, bytes) -> assertArrayEquals(bytes, after.get(f), f + " changed"));

        Out front = facenas("front", dir.toString());
        assertEquals(0, front.code(), front.err());
        String frontTable = front.out();
        assertTrue(frontTable.lines().findFirst().isPresent());
        assertTrue(frontTable.contains("confirmed tiny"), frontTable);
        assertTrue(frontTable.contains(" x2"), "the confirmed front member's mean +- std over 2 seeds: " + frontTable);
        Out report = facenas("report", dir.toString());
        assertEquals(0, report.code(), report.err());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Confirmed over seeds") && html.contains("\"differences\":[{\"label\":\"front-1\",\"reference\":\"mobilefacenet\""),
                "the report's confirmed table");
        String dom = HeadlessChromium.dumpDom(dir.resolve("report.html"), tmp);
        assertTrue(dom.contains("data-errors=\"0\""), "script errors: " + dom.substring(dom.indexOf("id=\"status\"")).lines().findFirst().orElse(""));
        String confirmed = dom.substring(dom.indexOf("id=\"confirmed\""), dom.indexOf("id=\"front\""));
        assertTrue(confirmed.contains("<td>front-1</td><td>mobilefacenet</td><td>2</td>") && confirmed.contains("<td>mobilefacenet (reference)</td>"),
                "the drawn table: " + confirmed);
    }

}

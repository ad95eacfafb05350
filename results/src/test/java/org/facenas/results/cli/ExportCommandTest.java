package org.facenas.results.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.evaluator.CandidateResult;
import org.facenas.searchspace.cli.OneLineErrors;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExportCommandTest {

    /**
     * The data a candidate was scored on is what its export names: the listing hash recorded when it was evaluated,
     * not a hash of whatever lies in the data folder at export time (here: the folder has changed since).
     */
    @Test
    void provenanceCarriesTheDatasetHashRecordedAtEvaluation(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data/images/a"));
        Files.writeString(data.resolve("a_0001.jpg"), "added after the search");
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("config.yaml"), "name: t\ndata: " + tmp.resolve("data") + "\npopulationSize: 2\ngenerations: 1\n");
        String bs = Zoo.resolve("mobilefacenet").blockString();
        Cost c = CostModel.of(Zoo.resolve("mobilefacenet"));
        CandidateResult r = new CandidateResult(bs, CandidateResult.Status.OK, null, "tiny", 7, c.params(), c.macs(), c.flops(),
                c.mflops(), c.sizeBytes(), 0.7, 0.01, null, null, 0.9, 0.6, 1.5, 1.0, 10, 2, 20, 0, List.of(), 1, 1, 10,
                "none", null, null, null);
        var line = new ObjectMapper().valueToTree(r);
        ((com.fasterxml.jackson.databind.node.ObjectNode) line).put("runId", "run").put("generation", 1)
                .put("dataHash", "recorded-at-evaluation").putArray("genotype").add(3).add(1);
        Files.writeString(run.resolve("candidates.jsonl"), line + "\n");

        Path out = tmp.resolve("best.json");
        CommandLine cli = OneLineErrors.install(new CommandLine(new ExportCommand()));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, cli.execute(run.toString(), "--rank", "1", "--out", out.toString()), err.toString());
        JsonNode p = new ObjectMapper().readTree(out.toFile()).get("provenance");
        assertEquals("recorded-at-evaluation", p.get("dataHash").asText());
        assertEquals("run", p.get("runId").asText());
        assertEquals(7, p.get("seed").asLong());
        assertEquals("[3,1]", p.get("genotype").toString());
        assertEquals(bs, p.get("blockString").asText());
        assertEquals(tmp.resolve("data").toString(), p.get("dataDir").asText());
    }
}

package org.facenas.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.cli.OneLineErrors;
import org.facenas.data.bin.VerificationBin;
import org.facenas.data.recordio.InsightFaceRecordsWriter;
import org.facenas.records.CandidateResult;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExportCommandTest {

    /** A one-candidate run of mobilefacenet (seed 7) whose data folder changed after the search. */
    private static Path mobileFaceNetRun(Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data/images/a"));
        Files.writeString(data.resolve("a_0001.jpg"), "added after the search");
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("config.yaml"), "name: t\ndata: " + tmp.resolve("data") + "\npopulationSize: 2\ngenerations: 1\n");
        String bs = Zoo.resolve("mobilefacenet").blockString();
        Cost c = CostModel.of(Zoo.resolve("mobilefacenet"));
        CandidateResult r = CandidateResult.builder().blockString(bs).status(CandidateResult.Status.OK).proxy("tiny").seed(7)
                .params(c.params()).macs(c.macs()).flops(c.flops()).mflops(c.mflops()).sizeBytes(c.sizeBytes()).accuracy(0.7)
                .accuracyStd(0.01).rocAuc(0.9).pixelBaselineAccuracy(0.6).latencyMs(1.5).finalLoss(1.0).trainImages(10)
                .trainIdentities(2).pairs(20).trainSeconds(1).evalSeconds(1).imagesPerSecond(10).kd("none").build();
        var line = new ObjectMapper().valueToTree(r);
        ((com.fasterxml.jackson.databind.node.ObjectNode) line).put("runId", "run").put("generation", 1)
                .put("dataHash", "recorded-at-evaluation").putArray("genotype").add(3).add(1);
        Files.writeString(run.resolve("candidates.jsonl"), line + "\n");
        return run;
    }

    /** --format pytorch writes a folder: the module (provenance inside) and its state_dict. */
    @Test
    void pytorchFormatWritesTheModuleAndItsStateDictIntoAFolder(@TempDir Path tmp) throws Exception {
        Path run = mobileFaceNetRun(tmp);
        Path out = tmp.resolve("torch");
        CommandLine cli = OneLineErrors.install(new CommandLine(new ExportCommand()));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, cli.execute(run.toString(), "--rank", "1", "--format", "pytorch", "--out", out.toString()), err.toString());
        String module = Files.readString(out.resolve("model.py"));
        assertTrue(module.contains("class FaceNasNet(nn.Module)") && module.contains("recorded-at-evaluation"), module);
        assertTrue(Files.size(out.resolve("model.pt")) > 4_000_000, "mobilefacenet's 1.0 M float32 parameters");
    }

    /**
     * The data a candidate was scored on is what its export names: the listing hash recorded when it was evaluated,
     * not a hash of whatever lies in the data folder at export time (here: the folder has changed since).
     */
    @Test
    void provenanceCarriesTheDatasetHashRecordedAtEvaluation(@TempDir Path tmp) throws Exception {
        Path run = mobileFaceNetRun(tmp);
        String bs = Zoo.resolve("mobilefacenet").blockString();

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

    /**
     * A run on an InsightFace set that named no pairs file it holds scored on the set's own .bin sets: the export names
     * those (lfw.bin first), the layout and the recorded hash, not the config's default pairs path.
     */
    @Test
    void provenanceOfARecordIoRunNamesTheFormatAndTheBinSetsScored(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("faces_small"));
        try (InsightFaceRecordsWriter w = InsightFaceRecordsWriter.create(data, 112, 112)) {
            for (String id : List.of("a", "b")) {
                w.beginIdentity(id);
                w.addImage(new byte[] {1, 2, 3}, 0);
            }
        }
        for (String set : List.of("cfp_fp.bin", "lfw.bin")) {
            new VerificationBin(List.of(new byte[] {1}, new byte[] {2}), List.of(true)).write(data.resolve(set));
        }
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("config.yaml"), "name: t\ndata: " + data + "\npopulationSize: 2\ngenerations: 1\n");
        String bs = Zoo.resolve("mobilefacenet").blockString();
        Cost c = CostModel.of(Zoo.resolve("mobilefacenet"));
        CandidateResult r = CandidateResult.builder().blockString(bs).status(CandidateResult.Status.OK).proxy("tiny").seed(7)
                .params(c.params()).macs(c.macs()).flops(c.flops()).mflops(c.mflops()).sizeBytes(c.sizeBytes()).accuracy(0.7)
                .accuracyStd(0.01).rocAuc(0.8).kd("none").build();
        var line = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().valueToTree(r);
        line.put("runId", "run").put("generation", 1).put("dataHash", "recorded").putArray("genotype").add(3);
        Files.writeString(run.resolve("candidates.jsonl"), line + "\n");

        Path out = tmp.resolve("best.json");
        CommandLine cli = OneLineErrors.install(new CommandLine(new ExportCommand()));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, cli.execute(run.toString(), "--rank", "1", "--out", out.toString()), err.toString());
        JsonNode p = new ObjectMapper().readTree(out.toFile()).get("provenance");
        assertEquals("insightface_recordio", p.get("dataFormat").asText());
        assertEquals("recorded", p.get("dataHash").asText());
        assertEquals(data.resolve("lfw.bin").toString(), p.get("pairs").asText());
        assertEquals("[\"" + data.resolve("lfw.bin") + "\",\"" + data.resolve("cfp_fp.bin") + "\"]", p.get("verification").toString());
        assertEquals("all identities of train.rec", p.get("trainPeople").asText());
    }
}

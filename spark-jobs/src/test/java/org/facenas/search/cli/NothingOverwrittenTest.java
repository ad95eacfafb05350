package org.facenas.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.facenas.data.SharedData;
import org.facenas.data.hash.Sha256;
import org.facenas.records.CandidateResult;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: no command replaces a byte it did not write in this run. Every command that writes, pointed with --out at
 * an existing file, at a folder that holds files, at its own input or at a run's record, is a one-line error (exit 2)
 * naming the path, raised before any work; afterwards every file under the test folder is byte for byte what it was.
 */
class NothingOverwrittenTest {

    static final Path CELEBA = SharedData.celeba112();
    static final Path DETECTOR = SharedData.detector();
    static final Path LANDMARKS = SharedData.landmarks();
    static final String ARCH = "stem_c16,ir_r1_k3_s2_e2_c24,head_c64_gdc_emb32";

    @TempDir
    Path tmp;

    /** Every file and folder under {@code dir}: a file by the SHA-256 of its bytes. */
    static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                out.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "folder" : Sha256.hex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    /** A run directory with one recorded candidate, as a search leaves it. */
    static Path run(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.yaml"), "name: t\ndata: " + CELEBA + "\nproxy: tiny\npopulationSize: 2\ngenerations: 1\n");
        Cost c = CostModel.of(Zoo.resolve(ARCH));
        CandidateResult r = CandidateResult.builder().blockString(Zoo.resolve(ARCH).blockString()).status(CandidateResult.Status.OK)
                .proxy("tiny").seed(7).params(c.params()).macs(c.macs()).flops(c.flops()).mflops(c.mflops()).sizeBytes(c.sizeBytes())
                .accuracy(0.7).accuracyStd(0.01).rocAuc(0.9).pixelBaselineAccuracy(0.6).latencyMs(1.5).finalLoss(1.0).trainImages(10)
                .trainIdentities(2).pairs(20).trainSeconds(1).evalSeconds(1).imagesPerSecond(10).kd("none").build();
        ObjectNode line = new ObjectMapper().valueToTree(r);
        line.put("runId", dir.getFileName().toString()).put("generation", 1).put("dataHash", "h").putArray("genotype").add(1);
        Files.writeString(dir.resolve("candidates.jsonl"), line + "\n");
        Files.writeString(dir.resolve("generations.jsonl"), "{\"generation\":1,\"hypervolume\":110.25}\n");
        Files.writeString(dir.resolve("state.json"), "{\"generation\":1}\n");
        return dir;
    }

    @Test
    void noCommandThatWritesChangesAByteOfWhatExists() throws Exception {
        Path file = Files.writeString(tmp.resolve("precious.bin"), "precious bytes");
        Path folder = Files.createDirectories(tmp.resolve("folder"));
        for (String name : List.of("teacher-epoch1.onnx", "teacher.json", "train.rec", "lfw.bin", "peopleDevTrain.txt", "pairsDevTest.txt",
                "model.json", "align_report.tsv", "notes.txt")) {
            Files.writeString(folder.resolve(name), "an earlier " + name);
        }
        Path raw = Files.createDirectories(tmp.resolve("raw/s1"));
        Files.copy(SharedData.orl().resolve("s1/1.pgm"), raw.resolve("1.pgm"));
        Files.writeString(tmp.resolve("raw/peopleDevTrain.txt"), "s1\t1\n");
        Files.writeString(tmp.resolve("raw/pairsDevTest.txt"), "1\t0\n");
        Path run = run(tmp.resolve("run"));
        Files.writeString(run.resolve("report.html"), "<p>an earlier report</p>");
        Path config = Files.writeString(tmp.resolve("search.yaml"),
                "name: t\ndata: " + CELEBA + "\nproxy: tiny\npopulationSize: 2\ngenerations: 1\n");
        Map<String, String> before = contents(tmp);

        List<Case> cases = new ArrayList<>();
        for (Path out : List.of(file, folder)) {
            String o = out.toString();
            boolean isFolder = out.equals(folder);
            // a folder output onto a file, a file output onto a folder: nothing to force
            cases.add(new Case(o, isFolder, "teacher", "train", "--arch", ARCH, "--data", CELEBA.toString(), "--epochs", "1", "--out", o));
            cases.add(new Case(o, isFolder, "train", "--arch", ARCH, "--data", CELEBA.toString(), "--epochs", "1", "--out", o));
            cases.add(new Case(o, isFolder, "data", "align", "--data", raw.getParent().toString(), "--out", o, "--detector",
                    DETECTOR.toString(), "--landmarks", LANDMARKS.toString()));
            cases.add(new Case(o, isFolder, "data", "pack", "--data", CELEBA.toString(), "--out", o));
            cases.add(new Case(o, isFolder, "data", "unpack", "--data", CELEBA.toString(), "--out", o));
            cases.add(new Case(o, !isFolder, "export", run.toString(), "--rank", "1", "--out", o));
            cases.add(new Case(o, !isFolder, "report", run.toString(), "--out", o));
            cases.add(new Case(o, isFolder, "export", run.toString(), "--rank", "1", "--format", "pytorch", "--out", o));
            // a run or bench folder is continued, never forced: these name the folder and say what to give
            cases.add(new Case(o, false, "search", "--config", config.toString(), "--out", o));
            cases.add(new Case(o, false, "bench", "proxy", "--config", config.toString(), "--sample", "2", "--out", o));
            cases.add(new Case(o, false, "bench", "kd", "--data", CELEBA.toString(), "--archs", "ds-face-k7", "--seeds", "1", "--proxy", "tiny", "--out", o));
        }
        cases.add(new Case(file.toString(), false, "bench", "search", "--config", config.toString(), "--out", file.toString()));
        cases.add(new Case("pairsDevTest.txt", true, "data", "split", "--data", CELEBA.toString(), "--out", folder.toString(),
                "--test-fraction", "0.5", "--pair-count", "20", "--seed", "1"));
        // the default report file of a run, made by an earlier report
        cases.add(new Case(run.resolve("report.html").toString(), true, "report", run.toString()));
        // never a run's record nor the command's own input, even with --force
        for (String record : List.of("candidates.jsonl", "generations.jsonl", "state.json", "config.yaml")) {
            String o = run.resolve(record).toString();
            cases.add(new Case(o + " is a record file", false, "export", run.toString(), "--rank", "1", "--out", o, "--force"));
            cases.add(new Case(o + " is a record file", false, "report", run.toString(), "--out", o, "--force"));
        }
        String in = raw.getParent().toString();
        String own = "a command never writes into its own input";
        cases.add(new Case(own, false, "data", "align", "--data", in, "--out", in, "--force", "--detector", DETECTOR.toString(),
                "--landmarks", LANDMARKS.toString()));
        cases.add(new Case(own, false, "data", "align", "--data", in, "--out", in + "/aligned", "--detector", DETECTOR.toString(),
                "--landmarks", LANDMARKS.toString()));
        cases.add(new Case(own, false, "data", "pack", "--data", in, "--out", in + "/packed", "--force"));
        cases.add(new Case(own, false, "data", "unpack", "--data", in, "--out", in, "--force"));
        cases.add(new Case(own, false, "data", "import", "--format", "cfp", "--data", in, "--out", in + "/cfp", "--force"));
        cases.add(new Case(own, false, "train", "--arch", ARCH, "--data", CELEBA.toString(), "--epochs", "1", "--out",
                CELEBA.resolve("model").toString(), "--force"));

        for (Case c : cases) {
            String what = String.join(" ", c.args());
            SearchCommandTest.Outcome o = SearchCommandTest.facenas(c.args());
            assertEquals(2, o.code(), what + ": " + o.err());
            assertEquals(1, o.err().lines().count(), what + ": " + o.err());
            assertTrue(o.err().contains(c.mentions()), what + ": " + o.err());
            assertEquals(c.namesForce(), o.err().contains("--force"), what + ": " + o.err());
            assertEquals(before, contents(tmp), what + " changed what was there");
        }
    }

    record Case(String mentions, boolean namesForce, String... args) {
    }

    /** Issue 24 (11): report into a missing folder creates it (as export does); an export that cannot be written is one line. */
    @Test
    void reportCreatesItsFolderAndAnUnwritableExportIsOneLine() throws Exception {
        Path run = run(tmp.resolve("run"));
        Path html = tmp.resolve("reports/2026/t.html");
        SearchCommandTest.Outcome first = SearchCommandTest.facenas("report", run.toString(), "--out", html.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.readString(html).contains("<html"), "the report was written");
        SearchCommandTest.Outcome again = SearchCommandTest.facenas("report", run.toString(), "--out", html.toString());
        assertEquals(2, again.code(), again.err());
        assertEquals(0, SearchCommandTest.facenas("report", run.toString(), "--out", html.toString(), "--force").code(), "--force replaces it");

        SearchCommandTest.Outcome proc = SearchCommandTest.facenas("export", run.toString(), "--rank", "1", "--out", "/proc/x");
        assertEquals(2, proc.code(), proc.err());
        assertEquals(1, proc.err().lines().count(), proc.err());
        assertTrue(proc.err().contains("/proc/x") && !proc.err().contains("FACENAS_DEBUG"), proc.err());
    }
}

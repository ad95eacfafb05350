package org.facenas.data.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facenas.data.FaceDataset;
import org.facenas.data.SharedData;
import org.facenas.data.lfw.Pairs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs align -> split -> check through the CLI on the 40 ORL identities (10 identity-disjoint folds per side need 20 identities). */
class DataCommandTest {

    @Test
    void alignSplitCheckPipeline(@TempDir Path tmp) throws Exception {
        Path raw = tmp.resolve("raw");
        for (int s = 1; s <= 40; s++) {
            Files.createDirectories(raw.resolve("s" + s));
            for (int i = 1; i <= 3; i++) {
                Files.createSymbolicLink(raw.resolve("s" + s + "/" + i + ".pgm"), SharedData.orl().resolve("s" + s + "/" + i + ".pgm"));
            }
        }
        Path out = tmp.resolve("out");
        String[] models = {"--detector", SharedData.detector().toString(), "--landmarks", SharedData.landmarks().toString()};
        StringWriter o = new StringWriter();
        int code = cli(o).execute("align", "--data", raw.toString(), "--out", out.toString(), "--threads", "2", "--min-score", "0.3",
                models[0], models[1], models[2], models[3]);
        assertEquals(0, code, o.toString());
        int alignedCount = FaceDataset.open(out).imageCount();
        assertTrue(alignedCount >= 118, o.toString()); // ORL photos are small and grey; some score below the default 0.9

        assertEquals(0, cli(o).execute("split", "--data", out.toString(), "--test-fraction", "0.5", "--pair-count", "20", "--seed", "3"), o.toString());
        Pairs test = Pairs.read(out.resolve("pairsDevTest.txt"));
        assertEquals(20, test.pairs().size());
        assertEquals(0, cli(o).execute("check", "--data", out.toString(), "--pairs", out.resolve("pairsDevTest.txt").toString(),
                "--pairs", out.resolve("pairsDevTrain.txt").toString()), o.toString());
        assertTrue(o.toString().contains("40 identities, " + alignedCount + " images: clean"), o.toString());
    }

    /** celeba112 ships its published split; a new split must not replace it silently. */
    @Test
    void splitRefusesToReplaceExistingPeopleAndPairsFilesUnlessForced(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.createSymbolicLink(data.resolve("images"), SharedData.celeba112().resolve("images"));
        Files.writeString(data.resolve("pairsDevTest.txt"), "the published pairs\n");
        String[] split = {"split", "--data", data.toString(), "--test-fraction", "0.3", "--pair-count", "20", "--seed", "1"};

        StringWriter o = new StringWriter();
        assertEquals(2, cli(o).execute(split), o.toString());
        assertEquals(1, o.toString().strip().lines().count(), o.toString());
        assertTrue(o.toString().contains("pairsDevTest.txt") && o.toString().contains("--force"), o.toString());
        assertEquals("the published pairs\n", Files.readString(data.resolve("pairsDevTest.txt")), "nothing was replaced");
        assertTrue(!Files.exists(data.resolve("peopleDevTrain.txt")), "nothing was written");

        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        assertEquals(0, cli(o).execute(concat(split, "--out", elsewhere.toString())), o.toString());
        assertEquals(20, Pairs.read(elsewhere.resolve("pairsDevTest.txt")).pairs().size());

        assertEquals(0, cli(o).execute(concat(split, "--force")), o.toString());
        assertEquals(20, Pairs.read(data.resolve("pairsDevTest.txt")).pairs().size(), "--force replaced it");
    }

    /** Issue 24 (11): the detector and landmark models swapped was a multi-line ONNX Runtime dump; now one line naming the flag. */
    @Test
    void swappedModelsAreOneLineNamingTheFlag(@TempDir Path tmp) throws Exception {
        Path raw = Files.createDirectories(tmp.resolve("raw/s1"));
        Files.copy(SharedData.orl().resolve("s1/1.pgm"), raw.resolve("1.pgm"));
        StringWriter o = new StringWriter();
        assertEquals(2, cli(o).execute("align", "--data", raw.getParent().toString(), "--out", tmp.resolve("out").toString(),
                "--detector", SharedData.landmarks().toString(), "--landmarks", SharedData.detector().toString()), o.toString());
        assertEquals(1, o.toString().strip().lines().count(), o.toString());
        assertTrue(o.toString().contains("--detector " + SharedData.landmarks() + " is not a face detector") && o.toString().contains("swapped"),
                o.toString());
        assertTrue(!Files.exists(tmp.resolve("out")), "nothing written");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static CommandLine cli(StringWriter sink) {
        CommandLine cl = DataCommand.commandLine();
        cl.setOut(new PrintWriter(sink, true));
        cl.setErr(new PrintWriter(sink, true));
        return cl;
    }
}

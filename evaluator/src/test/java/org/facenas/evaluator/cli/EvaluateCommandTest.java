package org.facenas.evaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.facenas.cli.OneLineErrors;
import org.facenas.data.SharedData;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad input to evaluate is one line naming the option and exit code 2, before anything loads or trains. */
class EvaluateCommandTest {

    static final Path CELEBA = SharedData.celeba112();

    record Outcome(int code, String err) {
    }

    static Outcome evaluate(String... args) {
        CommandLine cli = OneLineErrors.install(new CommandLine(new EvaluateCommand()));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        return new Outcome(cli.execute(args), err.toString().strip());
    }

    static void assertOneLine(Outcome o, String mentions) {
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains(mentions), o.err());
    }

    @Test
    void aMissingPairsFileIsOneLineNamingTheOption() {
        assertOneLine(evaluate("--arch", "mobilefacenet", "--data", CELEBA.toString(), "--proxy", "tiny",
                "--pairs", CELEBA.resolve("no-such-pairs.txt").toString()), "--pairs");
    }

    @Test
    void aMissingDefaultPairsFileIsOneLineToo(@org.junit.jupiter.api.io.TempDir Path empty) {
        assertOneLine(evaluate("--arch", "mobilefacenet", "--data", empty.toString(), "--proxy", "tiny"), "peopleDevTrain.txt");
    }

    @Test
    void negativeLatencyRunsAreRejected() {
        assertOneLine(evaluate("--arch", "mobilefacenet", "--data", CELEBA.toString(), "--proxy", "tiny", "--latency-runs", "-3"),
                "--latency-runs");
    }

    /** s = 1e39 is beyond float: it used to train into a NaN loss blamed on the learning rate. */
    @Test
    void anAbsurdMarginScaleIsRejectedNamingTheScale() {
        assertOneLine(evaluate("--arch", "mobilefacenet", "--data", CELEBA.toString(), "--proxy", "tiny", "--scale", "1e39"),
                "margin scale");
    }

    /** Issue 24 (11): a malformed, empty, header-only or short pairs file exited 1 with a class name; now one line naming it. */
    @Test
    void aBrokenPairsFileIsOneLineNamingIt(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        String first = java.nio.file.Files.readAllLines(CELEBA.resolve("pairsDevTest.txt")).get(1);
        java.util.Map<String, String> broken = java.util.Map.of("malformed.txt", "10\t300\nnot a pair line at all here\n", "empty.txt", "",
                "header-only.txt", "10\t300\n", "short.txt", "10\t300\n" + first + "\n");
        for (var e : broken.entrySet()) {
            Path file = java.nio.file.Files.writeString(tmp.resolve(e.getKey()), e.getValue());
            Outcome o = evaluate("--arch", "mobilefacenet", "--data", CELEBA.toString(), "--proxy", "tiny", "--pairs", file.toString());
            assertOneLine(o, file.toString());
            assertTrue(!o.err().contains("FACENAS_DEBUG"), o.err());
        }
    }

    /** Issue 24 (12): an empty or truncated .bin said "premature end of file" without saying which of the sets it was. */
    @Test
    void anEmptyOrTruncatedBinIsNamed(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        byte[] face = java.nio.file.Files.readAllBytes(CELEBA.resolve("images/id07201/id07201_0001.jpg"));
        Path whole = tmp.resolve("whole.bin");
        new org.facenas.data.bin.VerificationBin(java.util.Collections.nCopies(40, face), java.util.Collections.nCopies(20, true)).write(whole);
        byte[] bytes = java.nio.file.Files.readAllBytes(whole);
        Path truncated = java.nio.file.Files.write(tmp.resolve("truncated.bin"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path empty = java.nio.file.Files.write(tmp.resolve("empty.bin"), new byte[0]);
        for (Path bin : java.util.List.of(truncated, empty)) {
            assertOneLine(evaluate("--arch", "mobilefacenet", "--data", CELEBA.toString(), "--proxy", "tiny", "--pairs",
                    CELEBA.resolve("pairsDevTest.txt") + "," + bin), bin.toString());
        }
    }

    /** Issue 24 (13): a folder given for a file said "does not exist" of a folder that exists. */
    @Test
    void aFolderGivenForAFileIsCalledAFolder() {
        assertOneLine(evaluate("--arch", "mobilefacenet", "--data", CELEBA.toString(), "--proxy", "tiny", "--pairs", CELEBA.toString()),
                CELEBA + " is a folder, not a file");
        assertOneLine(evaluate("--arch", "mobilefacenet", "--data", CELEBA.toString(), "--proxy", "tiny", "--teacher", CELEBA.toString()),
                "--teacher " + CELEBA + " is a folder, not a file");
    }

    /**
     * Issue 24 (7): a pairs file naming images the folder lacks scored the rest with only a count in an INFO line; now a
     * warning names the images and the pairs dropped, and the pairs scored are counted (the JSON's "pairs" is this count).
     */
    @Test
    void missingPairImagesAreAWarningNamingThem(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        java.util.List<String> lines = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(CELEBA.resolve("pairsDevTest.txt")));
        String[] same = lines.get(1).split("\t");
        lines.set(1, same[0] + "\t" + same[1] + "\t9999");
        Path pairs = java.nio.file.Files.write(tmp.resolve("pairs-missing.txt"), lines);
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        org.facenas.evaluator.data.SourceProxyData d;
        try {
            System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
            // only the loading matters here: the tiny proxy's 200 pairs next to two training identities
            d = org.facenas.evaluator.data.SourceProxyData.load(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), pairs,
                    org.facenas.records.proxy.ProxySettings.preset("tiny").derive().trainSubset(2, 2).build());
        } finally {
            System.setErr(stderr);
        }
        String warnings = log.toString(java.nio.charset.StandardCharsets.UTF_8);
        String missing = String.format(java.util.Locale.ROOT, "%s_%04d", same[0], 9999);
        assertTrue(warnings.lines().anyMatch(l -> l.contains("WARN") && l.contains(pairs.toString()) && l.contains("1 of 200 pairs dropped")
                && l.contains(missing)), warnings);
        assertEquals(199, d.pairCount(), "the pairs scored");
    }
}

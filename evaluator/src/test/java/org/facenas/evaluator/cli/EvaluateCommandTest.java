package org.facenas.evaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.facenas.searchspace.cli.OneLineErrors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad input to evaluate is one line naming the option and exit code 2, before anything loads or trains. */
class EvaluateCommandTest {

    static final Path CELEBA = Path.of(System.getProperty("facenas.shared", "../shared")).resolve("datasets/celeba112");

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
}

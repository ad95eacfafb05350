package org.facenas.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.facenas.data.SharedData;
import org.facenas.results.RunRecord;
import org.facenas.results.confirm.Confirmation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The checks confirm and retrain share (their {@link RunFrontOptions}): each bad input is the same one-line error,
 * exit code 2, from both commands, before Spark starts and before either writes its folder into the run.
 */
class RunFrontOptionsTest {

    static final Path CELEBA = SharedData.celeba112();

    @TempDir
    Path tmp;

    private Path run(String name, Path data) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve(RunRecord.CONFIG), """
                name: %s
                data: %s
                populationSize: 2
                generations: 1
                """.formatted(name, data));
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), "");
        return dir;
    }

    private static String refusal(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = FaceNas.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        assertEquals(2, code, String.join(" ", args) + ": " + err);
        assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
        assertEquals("", out.toString());
        return err.toString().strip();
    }

    @Test
    void confirmAndRetrainRefuseTheSameBadInputAlikeBeforeAnythingStarts() throws Exception {
        Path dir = run("front", CELEBA);
        Path noData = run("nodata", tmp.resolve("gone"));
        List<String[]> cases = List.of(
                new String[] {tmp.resolve("nothing").toString(), "run directory " + tmp.resolve("nothing") + " does not exist"},
                new String[] {dir.toString(), "--top", "0", "--top must be at least 1, not 0"},
                new String[] {dir.toString(), "--seeds", "1,1", "--seeds must be one or more distinct seeds"},
                new String[] {dir.toString(), "--stop-after", "0", "--stop-after must be a positive number of seconds, not 0.0"},
                new String[] {dir.toString(), "--stop-after", "-3", "--stop-after must be a positive number of seconds, not -3.0"},
                new String[] {noData.toString(), "the run's data " + tmp.resolve("gone") + " is not a directory"});
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOf(c, c.length - 1);
            String expected = c[c.length - 1];
            String confirm = refusal(Stream.concat(Stream.of("confirm"), Stream.of(args)).toArray(String[]::new));
            String retrain = refusal(Stream.concat(Stream.of("retrain", "--epochs", "1"), Stream.of(args)).toArray(String[]::new));
            assertTrue(confirm.contains(expected), confirm);
            assertEquals(confirm.replace("facenas confirm: ", ""), retrain.replace("facenas retrain: ", ""), "one check, one message");
        }
        for (Path d : List.of(dir, noData)) {
            assertFalse(Files.exists(d.resolve(Confirmation.DIR)) || Files.exists(d.resolve(RetrainCommand.DIR)), "nothing started in " + d);
        }
    }

    @Test
    void retrainStillRefusesItsOwnBadEpochs() throws Exception {
        Path dir = run("front", CELEBA);
        assertTrue(refusal("retrain", dir.toString(), "--epochs", "0").contains("--epochs must be at least 1, not 0"));
    }
}

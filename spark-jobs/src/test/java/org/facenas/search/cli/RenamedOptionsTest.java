package org.facenas.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every old spelling is a one-line error naming the new one (exit code 2), on the real launcher, before anything runs. */
class RenamedOptionsTest {

    @Test
    void everyOldSpellingFailsWithOneLineNamingTheNewOne() {
        assertFalse(RenamedOptions.ALL.isEmpty());
        for (RenamedOptions.Rename r : RenamedOptions.ALL) {
            StringWriter err = new StringWriter();
            StringWriter out = new StringWriter();
            CommandLine cli = FaceNas.commandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(out));
            List<String> args = new ArrayList<>(List.of(r.command().split(" ")));
            args.addAll(List.of(r.old(), "3"));
            int code = cli.execute(args.toArray(String[]::new));
            assertEquals(2, code, r.toString());
            String message = err.toString().strip();
            assertEquals(1, message.lines().count(), "one line: " + message);
            assertTrue(message.contains(r.old() + " was renamed"), message);
            String newName = r.use().replaceAll(".*?(--[a-z-]+).*", "$1");
            assertTrue(message.contains(newName), message + " should name " + newName);
            assertEquals("", out.toString(), "stdout stays empty");
            // the old spelling is not shown in the help
            CommandLine command = cli;
            for (String name : r.command().split(" ")) {
                command = command.getSubcommands().get(name);
            }
            assertFalse(command.getUsageMessage().contains(r.old() + "="), r.toString());
        }
    }

    @Test
    void theOldSpellingsStaySilentWhenNotUsed() {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            // picocli resets every option before a parse; a hidden old spelling must not warn then
            CommandLine cli = FaceNas.commandLine();
            cli.parseArgs("bench", "proxy", "--config", "c.yaml", "--sample", "12");
            cli.parseArgs("data", "align", "--data", "raw", "--out", "aligned");
            cli.parseArgs("evaluate", "--arch", "ds-face-k7");
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", captured.toString(), "stderr of a parse without old spellings");
    }

    @Test
    void theNewSpellingsParse() {
        FaceNas.commandLine().parseArgs("data", "align", "--data", "raw", "--out", "aligned");
        FaceNas.commandLine().parseArgs("data", "split", "--data", "d", "--test-fraction", "0.2", "--pair-count", "3000", "--seed", "1");
        FaceNas.commandLine().parseArgs("bench", "kd", "--seeds", "1,2,3", "--resamples", "200");
        FaceNas.commandLine().parseArgs("bench", "proxy", "--config", "c.yaml", "--sample", "12");
        FaceNas.commandLine().parseArgs("evaluate", "--arch", "ds-face-k7", "--kd", "default@10");
    }
}

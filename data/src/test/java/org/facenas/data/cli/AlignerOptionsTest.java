package org.facenas.data.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.data.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The alignment options data align and data import share ({@link AlignerOptions}): each bad value is the same
 * one-line error, exit code 2, from both, before anything is written; the real models swapped name the flag in both.
 */
class AlignerOptionsTest {

    @TempDir
    Path tmp;

    /** The one-line error of {@code command} with {@code extra} options; nothing under its --out. */
    private String refusal(String command, String... extra) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path out = tmp.resolve(command + "-out");
        List<String> args = new java.util.ArrayList<>(command.equals("import")
                ? List.of("import", "--format", "cfp", "--data", in.toString(), "--out", out.toString())
                : List.of("align", "--data", in.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        StringWriter sink = new StringWriter();
        CommandLine cl = DataCommand.commandLine();
        cl.setOut(new PrintWriter(sink));
        cl.setErr(new PrintWriter(sink));
        assertEquals(2, cl.execute(args.toArray(String[]::new)), sink.toString());
        assertEquals(1, sink.toString().strip().lines().count(), sink.toString());
        assertFalse(org.facenas.cli.Outputs.holdsAnything(out), "nothing written by " + args);
        return sink.toString().strip().replaceFirst("^data (align|import): ", "");
    }

    private static String[] models(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--detector", SharedData.detector().toString(), "--landmarks",
                SharedData.landmarks().toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void alignAndImportRefuseBadThreadsAndScoresAlike() throws Exception {
        for (String[] bad : new String[][] {{"--threads", "0"}, {"--min-score", "1.5"}, {"--min-score", "-0.1"}}) {
            String align = refusal("align", models(bad));
            assertTrue(align.startsWith(bad[0] + " must be"), align);
            assertEquals(align, refusal("import", models(bad)), "one check, one message");
        }
    }

    @Test
    void aMissingModelNamesItsFlagInBoth() throws Exception {
        Path missing = tmp.resolve("no.onnx");
        String[] args = {"--detector", SharedData.detector().toString(), "--landmarks", missing.toString()};
        assertTrue(refusal("align", args).contains("--landmarks " + missing + " does not exist"));
        String imported = refusal("import", args);
        assertTrue(imported.contains("--landmarks " + missing + " does not exist") && imported.endsWith("or --no-detector"), imported);
    }

    @Test
    void swappedModelsNameTheFlagInImportToo() throws Exception {
        String e = refusal("import", "--detector", SharedData.landmarks().toString(), "--landmarks", SharedData.detector().toString());
        assertTrue(e.contains("--detector " + SharedData.landmarks() + " is not a face detector") && e.contains("swapped"), e);
    }
}

package org.facenas.evaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.cli.OneLineErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The training options train and teacher train share ({@link TrainingOptions}): the same help and defaults, and the
 * same one-line refusal of a training without epochs, before any data loads or anything is written.
 */
class TrainingOptionsTest {

    static final List<String> SHARED = List.of("--epochs", "--batch", "--identities", "--images-per-identity");
    static final String ARCH = "stem_c16,ir_r1_k3_s2_e2_c24,head_c64_gdc_emb32";

    @TempDir
    Path tmp;

    private static CommandLine train() {
        return OneLineErrors.install(new CommandLine(new TrainCommand()));
    }

    private static CommandLine teacherTrain() {
        return OneLineErrors.install(new CommandLine(new TeacherCommand())).getSubcommands().get("train");
    }

    @Test
    void trainAndTeacherTrainDescribeTheSameOptionsAlike() {
        for (String name : SHARED) {
            OptionSpec a = train().getCommandSpec().findOption(name);
            OptionSpec b = teacherTrain().getCommandSpec().findOption(name);
            assertEquals(List.of(a.description()), List.of(b.description()), name);
            assertEquals(a.defaultValue(), b.defaultValue(), name);
            assertEquals(a.required(), b.required(), name);
        }
        assertTrue(train().getCommandSpec().findOption("--epochs").required());
        assertEquals("32", train().getCommandSpec().findOption("--batch").defaultValue());
    }

    @Test
    void noEpochsIsTheSameOneLineErrorBeforeAnythingIsWritten() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        for (boolean teacher : new boolean[] {false, true}) {
            Path out = tmp.resolve(teacher ? "teacher-out" : "train-out");
            StringWriter err = new StringWriter();
            CommandLine root = teacher ? OneLineErrors.install(new CommandLine(new TeacherCommand())) : train();
            root.setErr(new PrintWriter(err));
            List<String> args = new java.util.ArrayList<>(teacher ? List.of("train") : List.of());
            args.addAll(List.of("--arch", ARCH, "--data", data.toString(), "--epochs", "0", "--out", out.toString()));
            assertEquals(2, root.execute(args.toArray(String[]::new)), err.toString());
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
            assertTrue(err.toString().contains("--epochs must be at least 1, not 0"), err.toString());
            assertFalse(Files.exists(out), "nothing written to " + out);
        }
    }
}

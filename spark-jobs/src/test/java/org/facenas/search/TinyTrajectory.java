package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** What trajectory tests train on: six celeba112 training identities, and a small teacher trained on them at 32 px. */
public final class TinyTrajectory {

    private TinyTrajectory() {
    }

    /** A people file of six peopleDevTrain identities in {@code dir}: keeps the teacher's share of a test to seconds. */
    public static Path sixTrainingIdentities(Path celeba, Path dir) throws IOException {
        List<String> people = Files.readAllLines(celeba.resolve("peopleDevTrain.txt"));
        Path few = dir.resolve("people6.txt");
        Files.write(few, List.of("6", people.get(1), people.get(2), people.get(3), people.get(4), people.get(5), people.get(6)));
        return few;
    }

    /** {@code facenas teacher train} of a small 64-d teacher at 32 px on {@code people}: one checkpoint per epoch in {@code out}. */
    public static Path train(Path celeba, Path people, int epochs, Path out) {
        CommandLine train = new CommandLine(new org.facenas.evaluator.cli.TeacherCommand());
        StringWriter trained = new StringWriter();
        train.setOut(new PrintWriter(trained));
        assertEquals(0, train.execute("train", "--arch", "stem_c16,ir_r1_k3_s2_e2_c24,head_c64_gdc_emb64", "--data", celeba.toString(),
                "--train-people", people.toString(), "--epochs", String.valueOf(epochs), "--input", "32", "--batch", "12",
                "--out", out.toString()), trained.toString());
        return out;
    }
}

package org.facenas.evaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.facenas.data.SharedData;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.lfw.People;
import org.facenas.data.lfw.PersonCount;
import org.facenas.cli.OneLineErrors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every command that trains reads the training identities from --train-people (they used to read
 * DIR/peopleDevTrain.txt whatever was given): a people file that shares an identity with the pairs is refused,
 * naming the file given, before anything trains. ({@code bench kd}, in spark-jobs, has the same check in BenchKdOptionsTest.)
 */
class DatasetOptionsTest {

    static final Path CELEBA = SharedData.celeba112();
    static final String ARCH = "stem_c16,ir_r1_k3_s2_e2_c24,head_c64_gdc_emb32";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"train", "teacher train", "teacher score"})
    void theGivenTrainPeopleFileIsTheOneRead(String command) throws Exception {
        String held = Pairs.read(CELEBA.resolve("pairsDevTest.txt")).pairs().get(0).name1();
        Path overlap = tmp.resolve("overlapping-people.txt");
        People.plain(List.of(new PersonCount(held, 1))).write(overlap);
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--data", CELEBA.toString(), "--train-people", overlap.toString()));
        switch (command) {
            case "train" -> args.addAll(List.of("--arch", ARCH, "--epochs", "1", "--out", tmp.resolve("out").toString()));
            case "teacher train" -> args.addAll(List.of("--arch", ARCH, "--epochs", "1", "--out", tmp.resolve("out").toString()));
            case "teacher score" -> args.addAll(List.of("--teacher", CELEBA.resolve("../../models/faceplugin/fr_feature.onnx").toString()));
            default -> throw new IllegalArgumentException(command);
        }
        CommandLine cli = OneLineErrors.install(new CommandLine(new Root()));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute(args.toArray(String[]::new));
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("overlapping-people.txt") && err.toString().contains(held), err.toString());
    }

    @picocli.CommandLine.Command(name = "facenas", subcommands = {TrainCommand.class, TeacherCommand.class})
    static final class Root {
    }
}

package org.facenas.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.lfw.People;
import org.facenas.data.lfw.PersonCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * bench kd reads the training identities from --train-people (it used to read DIR/peopleDevTrain.txt whatever
 * was given): a people file that shares an identity with the pairs is refused, naming the file, before anything trains.
 */
class BenchKdOptionsTest {

    static final Path CELEBA = Path.of(System.getProperty("facenas.shared", "../shared")).resolve("datasets/celeba112");

    @TempDir
    Path tmp;

    @Test
    void theGivenTrainPeopleFileIsTheOneRead() throws Exception {
        String held = Pairs.read(CELEBA.resolve("pairsDevTest.txt")).pairs().get(0).name1();
        Path overlap = tmp.resolve("overlapping-people.txt");
        People.plain(List.of(new PersonCount(held, 1))).write(overlap);
        CommandLine cli = FaceNas.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute("bench", "kd", "--data", CELEBA.toString(), "--train-people", overlap.toString(),
                "--archs", "ds-face-k7", "--seeds", "1", "--proxy", "tiny",
                "--out", tmp.resolve("kd").toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("overlapping-people.txt") && err.toString().contains(held), err.toString());
    }
}

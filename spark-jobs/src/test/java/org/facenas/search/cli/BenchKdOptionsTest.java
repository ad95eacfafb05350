package org.facenas.search.cli;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * bench kd reads the training identities from --train-people (it used to read DIR/peopleDevTrain.txt whatever
 * was given): a people file that shares an identity with the pairs is refused, naming the file, before anything trains.
 */
class BenchKdOptionsTest {

    static final Path CELEBA = SharedData.celeba112();

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

    /** Issue 24 (6): flip=maybe was read as false by Boolean.parseBoolean; in bench kd --proxy and bench proxy --proxies it is an error. */
    @Test
    void aProxyOverrideFlipOtherThanTrueOrFalseIsRefused() throws Exception {
        Path config = java.nio.file.Files.writeString(tmp.resolve("c.yaml"), "name: c\ndata: " + CELEBA.toAbsolutePath()
                + "\nproxy: tiny\npopulationSize: 2\ngenerations: 1\n");
        for (String[] args : new String[][] {
                {"bench", "kd", "--data", CELEBA.toString(), "--archs", "ds-face-k7", "--seeds", "1", "--proxy", "t=tiny:flip=maybe",
                        "--out", tmp.resolve("kd").toString()},
                {"bench", "proxy", "--config", config.toString(), "--sample", "2", "--proxies", "tiny,t=tiny:flip=yes",
                        "--out", tmp.resolve("proxy").toString()}}) {
            CommandLine cli = FaceNas.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            cli.setOut(new PrintWriter(new StringWriter()));
            assertEquals(2, cli.execute(args), err.toString());
            assertTrue(err.toString().contains("flip must be true or false, not '"), err.toString());
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
            assertTrue(!java.nio.file.Files.exists(tmp.resolve("kd")) && !java.nio.file.Files.exists(tmp.resolve("proxy")), "nothing written");
        }
    }
}

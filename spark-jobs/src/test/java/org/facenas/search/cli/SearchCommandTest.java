package org.facenas.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facenas.data.SharedData;
import org.facenas.results.SearchConfig;
import org.facenas.search.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A search that cannot start says why in one line (exit 2) before its run folder or Spark exists, so the same
 * {@code --out} works once the config is fixed; a resume with a broken state says how to recover.
 */
class SearchCommandTest {

    static final Path CELEBA = SharedData.celeba112();
    static final Path TEACHER = SharedData.teacher();

    @TempDir
    Path tmp;

    record Outcome(int code, String err) {
    }

    static Outcome facenas(String... args) {
        CommandLine cli = FaceNas.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        return new Outcome(cli.execute(args), err.toString().strip());
    }

    static String config(String extra) {
        return """
                name: start
                data: %s
                proxy: tiny
                populationSize: 2
                generations: 1
                """.formatted(CELEBA) + extra;
    }

    Outcome search(String yaml, Path out) throws Exception {
        Path file = tmp.resolve("search.yaml");
        Files.writeString(file, yaml);
        return facenas("search", "--config", file.toString(), "--out", out.toString());
    }

    void assertRefusedBeforeTheRunFolder(String yaml, String mentions) throws Exception {
        Path out = tmp.resolve("run");
        Outcome o = search(yaml, out);
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains(mentions), o.err());
        assertFalse(Files.exists(out), "a search that could not start left " + out + " behind");
    }

    @Test
    void aMissingPairsFile() throws Exception {
        assertRefusedBeforeTheRunFolder(config("pairs: no-such-pairs.txt\n"), "config pairs");
    }

    @Test
    void aMissingDataFolder() throws Exception {
        assertRefusedBeforeTheRunFolder(config("").replace(CELEBA.toString(), tmp.resolve("nowhere").toString()), "config data");
    }

    @Test
    void aTeacherThatIsNotOnnx() throws Exception {
        Path notOnnx = Files.writeString(tmp.resolve("teacher.onnx"), "not a model");
        assertRefusedBeforeTheRunFolder(config("teacher: {onnx: " + notOnnx + "}\n"), "config teacher");
    }

    @Test
    void aTeacherOfAnotherEmbeddingSize() throws Exception {
        assertRefusedBeforeTheRunFolder(config("teacher: {onnx: " + TEACHER + ", embeddingSize: 128}\n"), "128");
    }

    @Test
    void aTeacherTrajectoryThatIsNotOneOrIsGivenWithWhatItDeclares() throws Exception {
        assertRefusedBeforeTheRunFolder(config("teacher: {trajectory: " + tmp.resolve("nowhere") + "}\n"), "config teacher.trajectory");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertRefusedBeforeTheRunFolder(config("teacher: {trajectory: " + empty + "}\n"), "no teacher.json");
        assertRefusedBeforeTheRunFolder(config("teacher: {onnx: " + TEACHER + ", trajectory: " + empty + "}\n"), "exactly one of");
        assertRefusedBeforeTheRunFolder(config("teacher: {trajectory: " + empty + ", inputSize: 64}\n"), "teacher.json");
        assertRefusedBeforeTheRunFolder(config("teacher: {trajectory: " + empty + ", kd: default+extra=8}\n".replace("default", "cosine")),
                "+extra needs one teacher");
    }

    /** Issue 24 (10): more task CPUs than the machine has passed the checks, then Spark failed with a stack trace. */
    @Test
    void moreTaskCpusThanTheMasterOffers() throws Exception {
        assertRefusedBeforeTheRunFolder(config("taskCpus: 99\n"), "taskCpus 99 is more than the "
                + Runtime.getRuntime().availableProcessors() + " cores per executor that local[*] offers");
    }

    @Test
    void aStopAfterThatIsNotPositive() throws Exception {
        Path file = Files.writeString(tmp.resolve("search.yaml"), config(""));
        for (String seconds : new String[] {"0", "-5"}) {
            Path out = tmp.resolve("run");
            Outcome o = facenas("search", "--config", file.toString(), "--out", out.toString(), "--stop-after", seconds);
            assertEquals(2, o.code(), o.err());
            assertEquals(1, o.err().lines().count(), o.err());
            assertTrue(o.err().contains("--stop-after must be a positive number of seconds"), o.err());
            assertFalse(Files.exists(out), "a search that could not start left " + out + " behind");
        }
    }

    @Test
    void aFolderWhoseRunNeverRecordedACandidateIsReused() throws Exception {
        Path out = tmp.resolve("run");
        SearchConfig c = SearchConfig.parse(config(""), "test").withAbsolutePaths();
        try (RunDirectory failedStart = RunDirectory.create(out, c, config(""))) {
            assertTrue(Files.exists(out.resolve(RunDirectory.CANDIDATES)));
        }
        try (RunDirectory again = RunDirectory.create(out, c.withGenerations(2), config(""))) {
            assertEquals(2, again.config().generations());
        }
    }

    @Test
    void anEmptyStateOnResumeSaysWhatIsWrongAndHowToRecover() throws Exception {
        Path out = tmp.resolve("run");
        SearchConfig c = SearchConfig.parse(config(""), "test").withAbsolutePaths();
        try (RunDirectory run = RunDirectory.create(out, c, config(""))) {
            Files.writeString(out.resolve(RunDirectory.STATE), "");
        }
        Outcome o = facenas("search", "--resume", out.toString());
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("state.json is empty") && o.err().contains("delete") && o.err().contains("intact"), o.err());
    }
}

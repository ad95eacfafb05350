package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.evaluator.CandidateResult;
import org.facenas.results.CandidateRecord;
import org.facenas.evaluator.CandidateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A search distilling from a teacher trajectory trained here (teacher.trajectory): the driver embeds the training
 * images once per checkpoint, and every candidate's Spark task learns epoch e from checkpoint e+1.
 */
class TrajectorySearchTest {

    static final Path CELEBA = LocalSearchTest.CELEBA;

    @Test
    void everyCandidateLearnsFromTheTrajectorysCheckpointsInTurn(@TempDir Path tmp) throws Exception {
        List<String> people = Files.readAllLines(CELEBA.resolve("peopleDevTrain.txt"));
        Path few = tmp.resolve("people6.txt");
        Files.write(few, List.of("6", people.get(1), people.get(2), people.get(3), people.get(4), people.get(5), people.get(6)));
        Path trajectory = tmp.resolve("traj");
        CommandLine train = new CommandLine(new org.facenas.evaluator.cli.TeacherCommand());
        StringWriter trained = new StringWriter();
        train.setOut(new PrintWriter(trained));
        assertEquals(0, train.execute("train", "--arch", "stem_c16,ir_r1_k3_s2_e2_c24,head_c64_gdc_emb64", "--data", CELEBA.toString(),
                "--train-people", few.toString(), "--epochs", "3", "--input", "32", "--batch", "12", "--out", trajectory.toString()), trained.toString());
        String yaml = """
                name: traj
                data: %s
                trainPeople: %s
                proxy: tiny
                epochs: 2
                budget: {maxMflops: 150}
                strategy: random
                populationSize: 2
                generations: 1
                seed: 3
                latencyRuns: 0
                teacher: {trajectory: %s, kd: default}
                """.formatted(CELEBA, few, trajectory);
        Path dir = tmp.resolve("run");
        try (RunDirectory run = LocalSearchTest.newRun(dir, yaml)) {
            List<Path> caches = TeacherSetup.prepare(run, new PrintStream(new ByteArrayOutputStream()));
            assertEquals(3, caches.size(), "one embedding cache per checkpoint");
            assertEquals(3, caches.stream().distinct().count());
            SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("test").set("spark.ui.enabled", "false");
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                new SearchRun(run).run(sc, EvaluationSpec.of(run.config(), caches), new PrintStream(new ByteArrayOutputStream()));
            }
        }
        try (RunDirectory run = RunDirectory.open(dir)) {
            List<CandidateRecord> candidates = run.candidateRecords();
            assertTrue(candidates.size() >= 2, candidates.toString());
            for (CandidateRecord c : candidates) {
                assertEquals(CandidateResult.Status.OK, c.result().status(), c.toString());
                assertTrue(c.result().kd().contains("multistep(3 checkpoints)"), c.result().kd());
                assertTrue(c.result().studentTeacherCosine() != null, "measured against the last checkpoint");
            }
            assertTrue(run.config().teacher().trajectory().startsWith("/"), "the run keeps the trajectory's absolute path");
        }
    }
}

package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.records.CandidateResult;
import org.facenas.results.CandidateRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search distilling from a teacher trajectory trained here (teacher.trajectory): the driver embeds the training
 * images once per checkpoint, and every candidate's Spark task learns epoch e from checkpoint e+1.
 */
class TrajectorySearchTest {

    static final Path CELEBA = LocalSearchTest.CELEBA;

    @Test
    void everyCandidateLearnsFromTheTrajectorysCheckpointsInTurn(@TempDir Path tmp) throws Exception {
        Path few = TinyTrajectory.sixTrainingIdentities(CELEBA, tmp);
        Path trajectory = TinyTrajectory.train(CELEBA, few, 3, tmp.resolve("traj"));
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

package org.facenas.search;

import org.facenas.results.SearchConfig;
import org.facenas.results.TeacherConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.evaluator.train.DistillationSource;
import org.facenas.evaluator.data.SourceProxyData;

/**
 * Computes (or reuses) the run's teacher embeddings before any candidate trains (on the driver, or split into Spark
 * tasks); every candidate's Spark task then reads the one file from the run directory.
 */
public final class TeacherSetup {

    private TeacherSetup() {
    }

    /**
     * The teacher-embedding cache files the tasks read (one for an ONNX teacher, one per checkpoint of a trajectory,
     * in epoch order), or an empty list when the config has no teacher or KD is none.
     */
    public static List<Path> prepare(RunDirectory run, PrintStream console) {
        return prepare(run, console, 0);
    }

    /** The same for a successive-halving rung: its proxy may train on other images, so it has its own cache. */
    public static List<Path> prepare(RunDirectory run, PrintStream console, int rung) {
        return prepare(run, console, rung, null);
    }

    /**
     * The same, computing a missing cache as Spark tasks over ranges of the subset's images when {@code sc} is given
     * (one task per {@code taskCpus} of the cluster's default parallelism; see {@link SparkTeacherEmbeddings}),
     * else on the driver.
     */
    public static List<Path> prepare(RunDirectory run, PrintStream console, int rung, JavaSparkContext sc) {
        SearchConfig c = run.config();
        if (c.teacher() == null || c.teacher().kdSettings() == null) {
            return List.of();
        }
        Path data = Path.of(c.data());
        DistillationSource source = DistillationSource.of(c.teacher().kdSettings(), teacher(c.teacher()),
                        run.path().resolve(rung == 0 ? "teacher" : "teacher-rung" + rung))
                .withThreads(Runtime.getRuntime().availableProcessors()).reportingTo(console);
        if (sc != null) {
            source = source.computedBy(SparkTeacherEmbeddings.backend(sc, Math.max(1, sc.defaultParallelism() / c.taskCpus()), c.taskCpus(), console));
        }
        return source.prepare(c.proxySettings(rung), s -> SourceProxyData.load(data, data.resolve(c.trainPeople()), c.verificationFiles(), s,
                SourceProxyData.DEFAULT_SUBSET_SEED)).files();
    }

    /** A config's teacher: its ONNX model, or its trajectory's checkpoints. */
    public static DistillationSource.Teacher teacher(TeacherConfig t) {
        return new DistillationSource.Teacher(t.specs(), t.trajectory() != null);
    }
}

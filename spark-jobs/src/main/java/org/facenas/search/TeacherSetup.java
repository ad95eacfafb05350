package org.facenas.search;

import org.facenas.results.SearchConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.distill.teacher.TeacherSpec;
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
        // +extra: KD-only rows come from every training image, so the teacher embeds them all (the subset's among them)
        var proxy = c.teacher().kdSettings().extra() > 0 ? c.proxySettings(rung).derive().trainSubset(0, 0).build() : c.proxySettings(rung);
        SourceProxyData proxyData = SourceProxyData.load(data, data.resolve(c.trainPeople()), c.verificationFiles(), proxy,
                SourceProxyData.DEFAULT_SUBSET_SEED);
        Path cacheDir = run.path().resolve(rung == 0 ? "teacher" : "teacher-rung" + rung);
        List<Path> files = new ArrayList<>();
        for (TeacherSpec spec : c.teacher().specs()) {
            var outcome = sc == null
                    ? proxyData.teacherEmbeddings(cacheDir, spec, Runtime.getRuntime().availableProcessors())
                    : proxyData.teacherEmbeddings(cacheDir, spec, new SparkTeacherEmbeddings(sc, proxyData.root(), proxyData.trainImages(), spec,
                            Math.max(1, sc.defaultParallelism() / c.taskCpus()), c.taskCpus(), console));
            console.printf("teacher %s: %s %d embeddings (and mirrors) in %.1f s: %s%n", spec.model().getFileName(),
                    outcome.reused() ? "reused" : "computed", outcome.embeddings().keys().size(), outcome.seconds(), outcome.file());
            files.add(outcome.file());
        }
        return files;
    }
}

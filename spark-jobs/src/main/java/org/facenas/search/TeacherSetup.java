package org.facenas.search;

import org.facenas.results.SearchConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import org.facenas.evaluator.data.FolderProxyData;

/**
 * Computes (or reuses) the run's teacher embeddings on the driver before any candidate trains; every Spark task
 * then reads the one file from the run directory.
 */
public final class TeacherSetup {

    private TeacherSetup() {
    }

    /** The teacher-embedding cache file the tasks read, or null when the config has no teacher or KD is none. */
    public static Path prepare(RunDirectory run, PrintStream console) {
        return prepare(run, console, 0);
    }

    /** The same for a successive-halving rung: its proxy may train on other images, so it has its own cache. */
    public static Path prepare(RunDirectory run, PrintStream console, int rung) {
        SearchConfig c = run.config();
        if (c.teacher() == null || c.teacher().kdSettings() == null) {
            return null;
        }
        Path data = Path.of(c.data());
        FolderProxyData proxyData = FolderProxyData.load(data, data.resolve(c.trainPeople()), c.verificationFiles(), c.proxySettings(rung),
                FolderProxyData.DEFAULT_SUBSET_SEED);
        var outcome = proxyData.teacherEmbeddings(run.path().resolve(rung == 0 ? "teacher" : "teacher-rung" + rung), c.teacher().spec(), Runtime.getRuntime().availableProcessors());
        console.printf("teacher %s: %s %d embeddings (and mirrors) in %.1f s: %s%n", c.teacher().spec().model().getFileName(),
                outcome.reused() ? "reused" : "computed", outcome.embeddings().keys().size(), outcome.seconds(), outcome.file());
        return outcome.file();
    }
}

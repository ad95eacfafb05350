package org.facenas.search.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.search.CandidateTask;
import org.facenas.search.SparkTasks;

/**
 * Runs a list of benchmark tasks as Spark tasks, one task per one-partition job (so each result is recorded the
 * moment it arrives), skipping tasks already in the run directory. Tasks are submitted in the given order and
 * Spark's FIFO scheduler starts them in that order, so callers put first what they want first. A task that fails
 * on its own terms (NaN loss, out of memory) is recorded as FAILED and not tried again unless the run directory was opened
 * to retry failures (after the limits that made it fail have changed); one whose executor was lost is not recorded, so the next
 * run tries it again.
 */
public final class BenchJob {

    private final JavaSparkContext sc;
    private final BenchEnvironment environment;
    private final BenchRunDirectory run;
    private final PrintStream console;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, org.apache.spark.broadcast.Broadcast<float[][]>> heldOut = new java.util.HashMap<>();
    private java.util.function.Function<BenchTask, Path> exports;
    private String runId;

    public BenchJob(JavaSparkContext sc, BenchEnvironment environment, BenchRunDirectory run, PrintStream console) {
        this.sc = sc;
        this.environment = environment;
        this.run = run;
        this.console = console;
    }

    /**
     * Also measures each task's held-out student-teacher cosine: per {@link BenchTask#teacherKey()} (the proxy's
     * name for the benchmark's teacher), the embeddings of that proxy's scoring images in its data's order by the
     * teacher the task learns from (a trajectory's last checkpoint), shipped once to the executors as a broadcast.
     */
    public BenchJob measuringHeldOutCosine(Map<String, float[][]> teacherOfScoringImagesByProxy) {
        teacherOfScoringImagesByProxy.forEach((proxy, teacher) -> heldOut.put(proxy, sc.broadcast(teacher)));
        return this;
    }

    /**
     * Also keeps every trained model, written in every export format into the folder {@code folder} gives the task
     * (a path every executor can reach), its provenance naming the run {@code runId}.
     */
    public BenchJob exporting(java.util.function.Function<BenchTask, Path> folder, String runId) {
        this.exports = folder;
        this.runId = runId;
        return this;
    }

    /** Every task's record, in task order (tasks that could not finish are left out and named on the console). */
    public List<BenchRecord> run(List<BenchTask> tasks) {
        return run(tasks, Double.POSITIVE_INFINITY);
    }

    /**
     * The same, starting no task after {@code stopAfterSeconds} (the tasks training then finish and are recorded),
     * so a long benchmark can run in bounded pieces that lose no training.
     */
    public List<BenchRecord> run(List<BenchTask> tasks, double stopAfterSeconds) {
        Map<String, BenchTask> distinct = new LinkedHashMap<>();
        tasks.forEach(t -> distinct.putIfAbsent(t.key(), t));
        List<BenchTask> todo = distinct.values().stream().filter(run::needsTraining).toList();
        long failed = distinct.values().stream().filter(t -> run.record(t).map(r -> !r.ok()).orElse(false)).count();
        console.printf(Locale.ROOT, "bench %s: %d tasks, %d already recorded, %d to run%s%n", run.path(), distinct.size(),
                distinct.size() - todo.size(), todo.size(), failed == 0 ? ""
                        : run.retriesFailed() ? " (" + failed + " recorded FAILED, tried again)" : " (" + failed + " recorded FAILED: --retry-failed trains them again)");
        // started as slots free rather than queued all at once, so that a run told to stop can stop starting
        SparkTasks<BenchTask> pending = new SparkTasks<>(sc);
        int slots = Math.max(1, sc.defaultParallelism() / Math.max(1, environment.threads()));
        var next = todo.iterator();
        int done = 0;
        long start = System.nanoTime();
        while (true) {
            while (pending.inFlight() < slots && next.hasNext() && (System.nanoTime() - start) / 1e9 < stopAfterSeconds) {
                BenchTask t = next.next();
                pending.submit(t, "bench " + t.label() + " " + t.proxyName() + " seed " + t.seed() + " kd " + t.kd()
                        + (t.teacher() == null ? "" : " from " + t.teacher()), environment.spec(t),
                        t.blockString(), t.seed(), heldOut.get(t.teacherKey()),
                        exports == null ? null : new CandidateTask.Export(exports.apply(t).toAbsolutePath().toString(), runId));
            }
            if (pending.isEmpty()) {
                break;
            }
            for (SparkTasks.Finished<BenchTask> f : pending.awaitSome()) {
                finish(f, ++done, todo.size(), start);
            }
        }
        if (next.hasNext()) {
            console.printf(Locale.ROOT, "stopped starting tasks after %.1f s: %d of %d not started; the same command continues%n",
                    stopAfterSeconds, todo.size() - done, todo.size());
        }
        List<BenchRecord> out = new ArrayList<>();
        for (BenchTask t : distinct.values()) {
            run.record(t).ifPresent(out::add);
        }
        return out;
    }

    private void finish(SparkTasks.Finished<BenchTask> f, int done, int total, long start) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        BenchTask t = f.key();
        if (!f.ran()) {
            console.printf(Locale.ROOT, "[%d/%d] %s %s seed %d: not recorded (spark: %s); the next run tries it again%n", done, total,
                    t.label(), t.proxyName(), t.seed(), f.sparkFailure());
            return;
        }
        try {
            CandidateTask.Outcome o = f.outcome();
            var result = json.readTree(o.resultJson());
            run.append(t, result, o.executor());
            console.printf(Locale.ROOT, "[%d/%d %5.0fs] %-10s %-10s seed %d kd %s: %s%n", done, total, elapsed, t.label(),
                    t.proxyName(), t.seed(), t.kd() + (t.teacher() == null ? "" : " from " + t.teacher()), !"OK".equals(result.path("status").asText())
                            ? "FAILED " + result.path("failure").asText()
                            : result.hasNonNull("zeroCost") ? String.format(Locale.ROOT, "%s %.4g, %.1f s at initialisation",
                            result.path("zeroCost").path("ranking").asText(), result.path("zeroCost").path(result.path("zeroCost")
                                    .path("ranking").asText()).asDouble(), result.path("zeroCost").path("seconds").asDouble())
                            : String.format(Locale.ROOT, "accuracy %.4f, auc %.4f, %.1f s", result.path("accuracy").asDouble(),
                            result.path("rocAuc").asDouble(), result.path("trainSeconds").asDouble()));
        } catch (java.io.IOException e) {
            console.printf(Locale.ROOT, "[%d/%d] %s %s seed %d: not recorded (unreadable result: %s); the next run tries it again%n",
                    done, total, t.label(), t.proxyName(), t.seed(), e.getMessage());
        }
    }
}

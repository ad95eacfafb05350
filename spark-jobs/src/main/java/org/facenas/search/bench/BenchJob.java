package org.facenas.search.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.search.CandidateTask;
import org.facenas.search.EvaluationSpec;

/**
 * Runs a list of benchmark tasks as Spark tasks, one task per one-partition job (so each result is recorded the
 * moment it arrives), skipping tasks already in the run directory. Tasks are submitted in the given order and
 * Spark's FIFO scheduler starts them in that order, so callers put first what they want first. A task that fails
 * on its own terms (NaN loss, out of memory) is recorded as FAILED and not tried again; one whose executor was
 * lost is not recorded, so the next run tries it again.
 */
public final class BenchJob {

    private final JavaSparkContext sc;
    private final BenchEnvironment environment;
    private final BenchRunDirectory run;
    private final PrintStream console;
    private final ObjectMapper json = new ObjectMapper();
    private org.apache.spark.broadcast.Broadcast<java.util.HashMap<String, float[][]>> heldOut;

    public BenchJob(JavaSparkContext sc, BenchEnvironment environment, BenchRunDirectory run, PrintStream console) {
        this.sc = sc;
        this.environment = environment;
        this.run = run;
        this.console = console;
    }

    /**
     * Also measures each task's held-out student-teacher cosine: per proxy name, the teacher's embeddings of that
     * proxy's scoring images in its data's order (shipped once to the executors as a broadcast).
     */
    public BenchJob measuringHeldOutCosine(Map<String, float[][]> teacherOfScoringImagesByProxy) {
        this.heldOut = sc.broadcast(new java.util.HashMap<>(teacherOfScoringImagesByProxy));
        return this;
    }

    /** Every task's record, in task order (tasks that could not finish are left out and named on the console). */
    public List<BenchRecord> run(List<BenchTask> tasks) {
        Map<String, BenchTask> distinct = new LinkedHashMap<>();
        tasks.forEach(t -> distinct.putIfAbsent(t.key(), t));
        List<BenchTask> todo = distinct.values().stream().filter(t -> run.record(t).isEmpty()).toList();
        console.printf(Locale.ROOT, "bench %s: %d tasks, %d already recorded, %d to run%n", run.path(), distinct.size(),
                distinct.size() - todo.size(), todo.size());
        Map<BenchTask, JavaFutureAction<List<CandidateTask.Outcome>>> pending = new LinkedHashMap<>();
        for (BenchTask t : todo) {
            EvaluationSpec spec = environment.spec(t);
            String bs = t.blockString();
            long seed = t.seed();
            sc.setJobDescription("bench " + t.label() + " " + t.proxyName() + " seed " + seed + " kd " + t.kd());
            var teacherOfScoring = heldOut;
            String proxyName = t.proxyName();
            pending.put(t, sc.parallelize(List.of(bs), 1).map(b -> CandidateTask.run(spec, b, seed,
                    teacherOfScoring == null ? null : teacherOfScoring.value().get(proxyName))).collectAsync());
        }
        int done = 0;
        long start = System.nanoTime();
        while (!pending.isEmpty()) {
            boolean any = false;
            var it = pending.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getValue().isDone()) {
                    it.remove();
                    any = true;
                    done++;
                    finish(e.getKey(), e.getValue(), done, todo.size(), start);
                }
            }
            if (!any) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    pending.values().forEach(f -> f.cancel(true));
                    throw new IllegalStateException("interrupted while bench tasks were training");
                }
            }
        }
        List<BenchRecord> out = new ArrayList<>();
        for (BenchTask t : distinct.values()) {
            run.record(t).ifPresent(out::add);
        }
        return out;
    }

    private void finish(BenchTask t, JavaFutureAction<List<CandidateTask.Outcome>> f, int done, int total, long start) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        try {
            CandidateTask.Outcome o = f.get().get(0);
            var result = json.readTree(o.resultJson());
            run.append(t, result, o.executor());
            console.printf(Locale.ROOT, "[%d/%d %5.0fs] %-10s %-10s seed %d kd %s: %s%n", done, total, elapsed, t.label(),
                    t.proxyName(), t.seed(), t.kd(), "OK".equals(result.path("status").asText())
                            ? String.format(Locale.ROOT, "accuracy %.4f, auc %.4f, %.1f s", result.path("accuracy").asDouble(),
                            result.path("rocAuc").asDouble(), result.path("trainSeconds").asDouble())
                            : "FAILED " + result.path("failure").asText());
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().lines().findFirst().orElse("");
            console.printf(Locale.ROOT, "[%d/%d] %s %s seed %d: not recorded (spark: %s); the next run tries it again%n", done, total,
                    t.label(), t.proxyName(), t.seed(), msg);
        }
    }
}

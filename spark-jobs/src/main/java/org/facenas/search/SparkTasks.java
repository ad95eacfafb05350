package org.facenas.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Candidate evaluations in flight on Spark, one candidate per one-partition job (so each result can be recorded
 * the moment it arrives rather than when a whole batch is done). The search's batches, its asynchronous
 * successive halving and the benchmarks all submit and wait through this class.
 *
 * @param <K> what the caller identifies a task by
 */
public final class SparkTasks<K> {

    /**
     * A task that finished: its outcome, or (outcome null) why Spark could not run it, e.g. an executor lost more
     * often than Spark retries.
     */
    public record Finished<K>(K key, CandidateTask.Outcome outcome, String sparkFailure) {
        public boolean ran() {
            return outcome != null;
        }
    }

    private static final long POLL_MILLIS = 200;

    private final JavaSparkContext sc;
    private final Map<K, JavaFutureAction<List<CandidateTask.Outcome>>> pending = new LinkedHashMap<>();

    public SparkTasks(JavaSparkContext sc) {
        this.sc = sc;
    }

    /** Starts evaluating one candidate; Spark's FIFO scheduler starts tasks in the order they are submitted. */
    public void submit(K key, String description, EvaluationSpec spec, String blockString, long seed) {
        submit(key, description, spec, blockString, seed, null);
    }

    /**
     * The same, also measuring the held-out student-teacher cosine against {@code heldOutTeacher} (the teacher's
     * embeddings of the proxy's scoring images, broadcast once; null: not measured).
     */
    public void submit(K key, String description, EvaluationSpec spec, String blockString, long seed,
                       org.apache.spark.broadcast.Broadcast<float[][]> heldOutTeacher) {
        submit(key, description, spec, blockString, seed, heldOutTeacher, null);
    }

    /** The same, also writing the trained model where {@code export} says (null: no model kept). */
    public void submit(K key, String description, EvaluationSpec spec, String blockString, long seed,
                       org.apache.spark.broadcast.Broadcast<float[][]> heldOutTeacher, CandidateTask.Export export) {
        if (pending.containsKey(key)) {
            throw new IllegalStateException("already in flight: " + key);
        }
        sc.setJobDescription(description);
        pending.put(key, sc.parallelize(List.of(blockString), 1)
                .map(b -> CandidateTask.run(spec, b, seed, heldOutTeacher == null ? null : heldOutTeacher.value(), export)).collectAsync());
    }

    public int inFlight() {
        return pending.size();
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    public boolean contains(K key) {
        return pending.containsKey(key);
    }

    /** Blocks until at least one task has finished; returns every task finished by then, in submission order. */
    public List<Finished<K>> awaitSome() {
        if (pending.isEmpty()) {
            throw new IllegalStateException("no task in flight");
        }
        while (true) {
            List<Finished<K>> done = new ArrayList<>();
            var it = pending.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getValue().isDone()) {
                    done.add(finished(e.getKey(), e.getValue()));
                    it.remove();
                }
            }
            if (!done.isEmpty()) {
                return done;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                pending.values().forEach(f -> f.cancel(true));
                pending.clear();
                throw new IllegalStateException("interrupted while candidates were training");
            }
        }
    }

    /** Waits for every task, handing each to {@code onFinished} the moment it is seen finished. */
    public void awaitAll(Consumer<Finished<K>> onFinished) {
        while (!pending.isEmpty()) {
            awaitSome().forEach(onFinished);
        }
    }

    private Finished<K> finished(K key, JavaFutureAction<List<CandidateTask.Outcome>> f) {
        try {
            return new Finished<>(key, f.get().get(0), null);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().lines().findFirst().orElse("");
            return new Finished<>(key, null, msg);
        }
    }
}

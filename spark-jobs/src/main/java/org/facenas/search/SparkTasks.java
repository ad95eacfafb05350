package org.facenas.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
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

        /** Never handed to Spark: the search's --stop-after limit passed first (nothing to record). */
        public boolean notStarted() {
            return outcome == null && sparkFailure == null;
        }
    }

    private static final long POLL_MILLIS = 200;

    private final JavaSparkContext sc;
    private final Map<K, JavaFutureAction<List<CandidateTask.Outcome>>> pending = new LinkedHashMap<>();
    private final TaskGate gate;
    private final Map<K, Supplier<JavaFutureAction<List<CandidateTask.Outcome>>>> waiting = new LinkedHashMap<>();

    public SparkTasks(JavaSparkContext sc) {
        this(sc, null);
    }

    /** With a gate: tasks wait here until it gives them a slot, and never start once it has closed. */
    SparkTasks(JavaSparkContext sc, TaskGate gate) {
        this.sc = sc;
        this.gate = gate;
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
        if (pending.containsKey(key) || waiting.containsKey(key)) {
            throw new IllegalStateException("already in flight: " + key);
        }
        Supplier<JavaFutureAction<List<CandidateTask.Outcome>>> launch = () -> {
            sc.setJobDescription(description);
            return sc.parallelize(List.of(blockString), 1)
                    .map(b -> CandidateTask.run(spec, b, seed, heldOutTeacher == null ? null : heldOutTeacher.value(), export)).collectAsync();
        };
        if (gate == null) {
            pending.put(key, launch.get());
        } else {
            waiting.put(key, launch);
        }
    }

    public int inFlight() {
        return pending.size() + waiting.size();
    }

    public boolean isEmpty() {
        return pending.isEmpty() && waiting.isEmpty();
    }

    public boolean contains(K key) {
        return pending.containsKey(key) || waiting.containsKey(key);
    }

    /** Hands waiting tasks to Spark while the gate gives slots; once it has closed, they are finished as not started. */
    private List<Finished<K>> launchWaiting() {
        var it = waiting.entrySet().iterator();
        while (it.hasNext() && gate.tryStart()) {
            var e = it.next();
            pending.put(e.getKey(), e.getValue().get());
            it.remove();
        }
        List<Finished<K>> refused = new ArrayList<>();
        if (!waiting.isEmpty() && gate.stopped()) {
            waiting.keySet().forEach(k -> refused.add(new Finished<>(k, null, null)));
            waiting.clear();
        }
        return refused;
    }

    /** Blocks until at least one task has finished; returns every task finished by then, in submission order. */
    public List<Finished<K>> awaitSome() {
        if (isEmpty()) {
            throw new IllegalStateException("no task in flight");
        }
        while (true) {
            List<Finished<K>> done = gate == null ? new ArrayList<>() : launchWaiting();
            var it = pending.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getValue().isDone()) {
                    done.add(finished(e.getKey(), e.getValue()));
                    it.remove();
                    if (gate != null) {
                        gate.finished();
                    }
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
                waiting.clear();
                throw new IllegalStateException("interrupted while candidates were training");
            }
        }
    }

    /** Waits for every task, handing each to {@code onFinished} the moment it is seen finished. */
    public void awaitAll(Consumer<Finished<K>> onFinished) {
        while (!isEmpty()) {
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

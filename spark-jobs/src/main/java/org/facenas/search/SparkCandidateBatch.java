package org.facenas.search;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.records.CandidateResult;
import org.facenas.search.strategy.CandidateBatch;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.codec.ArchitectureCodec;

/**
 * Evaluates a generation's candidates as Spark tasks, one candidate per task (a one-partition job each, so that
 * results arrive, are recorded and are reported one by one). A block string already in the run record is never
 * trained again. Each result is appended to the run record the moment it arrives, so a driver killed mid-
 * generation loses none of the finished candidates.
 */
final class SparkCandidateBatch implements CandidateBatch {

    private final JavaSparkContext sc;
    private final EvaluationSpec spec;
    private final RunDirectory run;
    private final ArchitectureCodec codec;
    private final long generation;
    private final SearchProgress progress;
    private final boolean references;
    private final int rung;
    private final TaskGate gate;

    SparkCandidateBatch(JavaSparkContext sc, EvaluationSpec spec, RunDirectory run, ArchitectureCodec codec, long generation,
                        SearchProgress progress) {
        this(sc, spec, run, codec, generation, progress, false);
    }

    /** With {@code references}: evaluates zoo references into references.jsonl instead of search candidates. */
    SparkCandidateBatch(JavaSparkContext sc, EvaluationSpec spec, RunDirectory run, ArchitectureCodec codec, long generation,
                        SearchProgress progress, boolean references) {
        this(sc, spec, run, codec, generation, progress, references, 0);
    }

    /** Search candidates trained at a successive-halving rung ({@code spec} carries that rung's proxy). */
    SparkCandidateBatch(JavaSparkContext sc, EvaluationSpec spec, RunDirectory run, ArchitectureCodec codec, long generation,
                        SearchProgress progress, boolean references, int rung) {
        this(sc, spec, run, codec, generation, progress, references, rung, null);
    }

    /** With a gate (null: none): candidates start as it gives slots, and none after it has closed. */
    SparkCandidateBatch(JavaSparkContext sc, EvaluationSpec spec, RunDirectory run, ArchitectureCodec codec, long generation,
                        SearchProgress progress, boolean references, int rung, TaskGate gate) {
        this.gate = gate;
        this.references = references;
        this.rung = rung;
        this.sc = sc;
        this.spec = spec;
        this.run = run;
        this.codec = codec;
        this.generation = generation;
        this.progress = progress;
    }

    /** @throws TaskGate.Stopped when the gate closed before every candidate had started (those finished are recorded) */
    @Override
    public Map<String, CandidateResult> evaluate(List<Architecture> candidates) {
        Wave wave = submit(candidates);
        Map<String, CandidateResult> out = wave.await();
        if (wave.cutShort) {
            throw new TaskGate.Stopped();
        }
        return out;
    }

    /** Candidates submitted to Spark, recorded as each finishes while {@link #await} runs. */
    final class Wave {
        private final Map<String, CandidateResult> out;
        private final SparkTasks<String> pending;
        private boolean cutShort;

        private Wave(Map<String, CandidateResult> out, SparkTasks<String> pending) {
            this.out = out;
            this.pending = pending;
        }

        /**
         * Waits for every candidate, recording each the moment it finishes; one result per distinct block string,
         * less those the gate kept from starting.
         */
        Map<String, CandidateResult> await() {
            pending.awaitAll(f -> {
                if (f.notStarted()) {
                    cutShort = true;
                } else {
                    out.put(f.key(), finish(f));
                }
            });
            return out;
        }
    }

    /** Submits the candidates not yet recorded (at this batch's rung) without waiting for them. */
    Wave submit(List<Architecture> candidates) {
        Map<String, Architecture> distinct = new LinkedHashMap<>();
        for (Architecture a : candidates) {
            distinct.putIfAbsent(a.blockString(), a);
        }
        Map<String, CandidateResult> out = new LinkedHashMap<>();
        List<String> todo = new ArrayList<>();
        for (String bs : distinct.keySet()) {
            (references ? run.reference(bs) : run.result(bs, rung)).ifPresentOrElse(r -> out.put(bs, r), () -> todo.add(bs));
        }
        progress.cacheHits(distinct.size() - todo.size());
        SparkTasks<String> pending = new SparkTasks<>(sc, gate);
        if (todo.isEmpty()) {
            return new Wave(out, pending);
        }
        progress.submitted(todo.size());
        long seed = run.config().seed();
        for (String bs : todo) {
            pending.submit(bs, "generation " + generation + (rung > 0 ? " rung " + rung : "") + ": " + bs, spec, bs, seed);
        }
        return new Wave(out, pending);
    }

    private CandidateResult finish(SparkTasks.Finished<String> f) {
        Evaluated e = Evaluated.of(f, f.key(), spec, run.config().seed());
        Architecture a = Architecture.parse(f.key());
        if (references) {
            run.recordReference(e.result(), org.facenas.searchspace.zoo.Zoo.nameOf(a).orElse(f.key()), e.executor(), e.dataHash());
        } else {
            run.record(e.result(), generation, rung, codec.indicesOf(a), e.executor(), e.dataHash());
        }
        progress.finished(e.result(), e.executor());
        return e.result();
    }

    /**
     * A finished task read as a candidate result: what the evaluator returned, or a FAILED result naming Spark's
     * reason when the task could not run (recorded, so the run does not try a candidate that kills executors again).
     */
    record Evaluated(CandidateResult result, String executor, String dataHash) {

        private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

        static Evaluated of(SparkTasks.Finished<?> f, String blockString, EvaluationSpec spec, long seed) {
            if (f.ran()) {
                try {
                    return new Evaluated(JSON.readValue(f.outcome().resultJson(), CandidateResult.class), f.outcome().executor(),
                            f.outcome().dataHash());
                } catch (java.io.IOException e) {
                    return new Evaluated(CandidateTask.failed(Architecture.parse(blockString), spec, seed, "unreadable result: "
                            + e.getMessage()), f.outcome().executor(), f.outcome().dataHash());
                }
            }
            return new Evaluated(CandidateTask.failed(Architecture.parse(blockString), spec, seed, "spark: " + f.sparkFailure()), "none", null);
        }
    }
}

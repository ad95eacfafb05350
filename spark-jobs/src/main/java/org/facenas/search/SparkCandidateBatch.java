package org.facenas.search;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.evaluator.CandidateResult;
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
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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
        this.references = references;
        this.rung = rung;
        this.sc = sc;
        this.spec = spec;
        this.run = run;
        this.codec = codec;
        this.generation = generation;
        this.progress = progress;
    }

    @Override
    public Map<String, CandidateResult> evaluate(List<Architecture> candidates) {
        return submit(candidates).await();
    }

    /** Candidates submitted to Spark, recorded as each finishes while {@link #await} runs. */
    final class Wave {
        private final Map<String, CandidateResult> out;
        private final Map<String, JavaFutureAction<List<CandidateTask.Outcome>>> pending;

        private Wave(Map<String, CandidateResult> out, Map<String, JavaFutureAction<List<CandidateTask.Outcome>>> pending) {
            this.out = out;
            this.pending = pending;
        }

        /** Waits for every candidate, recording each the moment it finishes; one result per distinct block string. */
        Map<String, CandidateResult> await() {
            while (!pending.isEmpty()) {
                var it = pending.entrySet().iterator();
                boolean any = false;
                while (it.hasNext()) {
                    var e = it.next();
                    if (e.getValue().isDone()) {
                        out.put(e.getKey(), finish(e.getKey(), e.getValue()));
                        it.remove();
                        any = true;
                    }
                }
                if (!any) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        pending.values().forEach(f -> f.cancel(true));
                        throw new IllegalStateException("interrupted while candidates were training");
                    }
                }
            }
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
        Map<String, JavaFutureAction<List<CandidateTask.Outcome>>> pending = new LinkedHashMap<>();
        if (todo.isEmpty()) {
            return new Wave(out, pending);
        }
        progress.submitted(todo.size());
        EvaluationSpec taskSpec = spec;
        long seed = run.config().seed();
        for (String bs : todo) {
            sc.setJobDescription("generation " + generation + (rung > 0 ? " rung " + rung : "") + ": " + bs);
            pending.put(bs, sc.parallelize(List.of(bs), 1).map(b -> CandidateTask.run(taskSpec, b, seed)).collectAsync());
        }
        return new Wave(out, pending);
    }

    private CandidateResult finish(String bs, JavaFutureAction<List<CandidateTask.Outcome>> f) {
        Architecture a = Architecture.parse(bs);
        CandidateResult r;
        String executor;
        String dataHash = null;
        try {
            CandidateTask.Outcome o = f.get().get(0);
            r = json.readValue(o.resultJson(), CandidateResult.class);
            executor = o.executor();
            dataHash = o.dataHash();
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String msg = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().lines().findFirst().orElse("");
            r = CandidateTask.failed(a, spec, run.config().seed(), "spark: " + msg);
            executor = "none";
        }
        if (references) {
            run.recordReference(r, org.facenas.searchspace.zoo.Zoo.nameOf(a).orElse(bs), executor, dataHash);
        } else {
            run.record(r, generation, rung, codec.indicesOf(a), executor, dataHash);
        }
        progress.finished(r, executor);
        return r;
    }
}

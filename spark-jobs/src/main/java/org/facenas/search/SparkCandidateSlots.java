package org.facenas.search;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.search.strategy.CandidateSlots;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.codec.ArchitectureCodec;

/**
 * Candidates trained asynchronously as Spark tasks: as many slots as the executors have cores for tasks of
 * {@code taskCpus}; every result is appended to the run record the moment it is seen finished, with its rung
 * and the generation it was started in.
 */
final class SparkCandidateSlots implements CandidateSlots {

    private record Key(String blockString, int rung) {
    }

    private final JavaSparkContext sc;
    private final RunDirectory run;
    private final ArchitectureCodec codec;
    private final IntFunction<EvaluationSpec> rungSpec;
    private final SearchProgress progress;
    private final PrintStream console;
    private final SparkTasks<Key> tasks;
    private final Map<Key, Long> generations = new HashMap<>();
    private final Deque<Finished> finished = new ArrayDeque<>();

    SparkCandidateSlots(JavaSparkContext sc, RunDirectory run, ArchitectureCodec codec, IntFunction<EvaluationSpec> rungSpec,
                        SearchProgress progress, PrintStream console) {
        this.sc = sc;
        this.run = run;
        this.codec = codec;
        this.rungSpec = rungSpec;
        this.progress = progress;
        this.console = console;
        this.tasks = new SparkTasks<>(sc);
    }

    /** The cores of the executors registered now (local[n]: n), in tasks of taskCpus cores; at least one. */
    @Override
    public int slots() {
        return Math.max(1, sc.defaultParallelism() / Math.max(1, run.config().taskCpus()));
    }

    @Override
    public void start(Architecture candidate, int rung, long generation) {
        Key key = new Key(candidate.blockString(), rung);
        generations.put(key, generation);
        if (rung > 0) {
            console.printf(Locale.ROOT, "[gen %d] promoting to rung %d (%s): %s%n", generation, rung,
                    run.config().proxySettings(rung).name(), candidate.blockString());
        }
        progress.queued(1);
        tasks.submit(key, "generation " + generation + (rung > 0 ? " rung " + rung : "") + ": " + candidate.blockString(),
                rungSpec.apply(rung), candidate.blockString(), run.config().seed());
    }

    @Override
    public Finished next() {
        if (finished.isEmpty()) {
            // record everything that has finished at once, so a driver killed now loses none of it
            for (SparkTasks.Finished<Key> f : tasks.awaitSome()) {
                Key key = f.key();
                SparkCandidateBatch.Evaluated e = SparkCandidateBatch.Evaluated.of(f, key.blockString(), rungSpec.apply(key.rung()),
                        run.config().seed());
                run.record(e.result(), generations.remove(key), key.rung(), codec.indicesOf(Architecture.parse(key.blockString())),
                        e.executor(), e.dataHash());
                progress.finished(e.result(), e.executor());
                finished.add(new Finished(key.blockString(), key.rung(), e.result()));
            }
        }
        return finished.poll();
    }
}

package org.facenas.search.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facenas.cli.StopAfter;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.results.RunRecord;
import org.facenas.results.SearchConfig;
import org.facenas.results.confirm.ConfirmSelection;
import org.facenas.search.bench.BenchTask;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code confirm} and {@code retrain} share, as a picocli mixin: a finished run's directory, how many of its
 * front members to train again, when to stop starting trainings, and --json; with the checks both make before any
 * training starts.
 */
final class RunFrontOptions {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run directory (what facenas search printed)")
    Path run;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "front members, best first by the run's quality score, "
            + "references left out (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--confirmed-at", paramLabel = "PROXY", description = "take the best K that facenas confirm retrained at PROXY, "
            + "by their mean over its seeds, instead of the front's best by one seed")
    String confirmedAt;

    @Option(names = "--stop-after", paramLabel = "SECONDS", description = "start no training after this many seconds; those training finish "
            + "and are recorded, and the same command continues (default: run everything)")
    Double stopAfter;

    @Option(names = "--json", description = "one JSON document on stdout instead of the tables")
    boolean json;

    @Mixin
    RetryFailed retry;

    /**
     * The run's record, once the run directory, --top, {@code seeds}, --stop-after and the run's data folder are
     * checked: a one-line error for the first that is wrong.
     */
    RunRecord open(List<Long> seeds) {
        if (!Files.isDirectory(run)) {
            throw new IllegalArgumentException("run directory " + run + " does not exist: give the directory facenas search printed");
        }
        RunRecord record = RunRecord.open(run);
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, not " + top);
        }
        if (seeds == null || seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("--seeds must be one or more distinct seeds, e.g. 1,2,3");
        }
        StopAfter.seconds(stopAfter);
        if (!Files.isDirectory(Path.of(record.config().data()))) {
            throw new IllegalArgumentException("the run's data " + record.config().data() + " is not a directory: restore it (config.yaml data:)");
        }
        return record;
    }

    Path run() {
        return run;
    }

    /** The run's best {@code --top} distinct front members (or confirmed architectures) and its references, labelled. */
    List<ConfirmSelection.Entry> select(RunRecord record) {
        return confirmedAt == null ? ConfirmSelection.select(record, top) : ConfirmSelection.selectConfirmed(record, top, confirmedAt);
    }

    /** Seconds after which no training starts (infinite without --stop-after). */
    double stopAfterSeconds() {
        return StopAfter.seconds(stopAfter);
    }

    boolean retryFailed() {
        return retry.retry;
    }

    boolean json() {
        return json;
    }

    /** The run's KD, as its search trained with it (null without a teacher). */
    static KdSettings kd(SearchConfig c) {
        return c.teacher() == null ? null : c.teacher().kdSettings();
    }

    /** Its spec as a task records it: "none" without KD. */
    static String kdSpec(KdSettings kd) {
        return kd == null ? "none" : kd.spec();
    }

    /**
     * One task per architecture x seed, seed by seed: a run stopped early has whole seeds, each of which pairs every
     * candidate with every reference.
     */
    static List<BenchTask> tasks(List<Long> seeds, List<ConfirmSelection.Entry> archs, ProxySettings settings, String kdSpec) {
        List<BenchTask> tasks = new ArrayList<>();
        for (long seed : seeds) {
            for (ConfirmSelection.Entry a : archs) {
                tasks.add(new BenchTask(a.label(), a.blockString(), settings, seed, kdSpec));
            }
        }
        return tasks;
    }
}

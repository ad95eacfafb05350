package org.facenas.search.bench;

import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.train.DistillationSource;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.results.SearchConfig;
import org.facenas.search.EvaluationSpec;
import org.facenas.search.TeacherSetup;

/**
 * Where every task of a benchmark reads its inputs: paths every executor can reach, never data.
 *
 * @param teacherEmbeddings teacher-embedding cache files per {@link BenchTask#teacherKey()} (KD tasks only; empty
 *                          without a teacher): one file for one teacher, a trajectory's checkpoints in epoch order
 * @param kdLambda          KD loss weight (null: the KD variant's default)
 */
public record BenchEnvironment(String dataDir, String trainPeople, String pairs, int latencyRuns, int threads,
                               Map<String, List<String>> teacherEmbeddings, Double kdLambda, List<String> verification)
        implements Serializable {

    public BenchEnvironment {
        teacherEmbeddings = Map.copyOf(teacherEmbeddings);
        verification = verification == null ? List.of() : List.copyOf(verification);
    }

    /** Every task scored on {@code pairs} alone. */
    public BenchEnvironment(String dataDir, String trainPeople, String pairs, int latencyRuns, int threads,
                            Map<String, List<String>> teacherEmbeddings, Double kdLambda) {
        this(dataDir, trainPeople, pairs, latencyRuns, threads, teacherEmbeddings, kdLambda, List.of());
    }

    /** The same, every task scored on each of {@code sets} (absolute paths, the first in the top-level scores) and timed. */
    public BenchEnvironment scoringOn(List<String> sets, int newLatencyRuns) {
        return new BenchEnvironment(dataDir, trainPeople, sets.get(0), newLatencyRuns, threads, teacherEmbeddings, kdLambda, sets);
    }

    /** The evaluation of one task, as the search's Spark task takes it. */
    public EvaluationSpec spec(BenchTask task) {
        List<String> teacher = List.of();
        if (task.distilled()) {
            teacher = teacherEmbeddings.get(task.teacherKey());
            if (teacher == null) {
                throw new IllegalArgumentException("task " + task.label() + " on proxy " + task.proxyName() + " asks for KD "
                        + task.kd() + (task.teacher() == null ? "" : " from " + task.teacher())
                        + " but the benchmark has no teacher embeddings for it: give the config a teacher");
            }
        }
        return new EvaluationSpec(dataDir, trainPeople, pairs, task.proxy(), latencyRuns, threads, teacher,
                KdSettings.parse(task.kd(), kdLambda), verification);
    }

    /**
     * A config's data, scored on its first verification set, with teacher embeddings per proxy that still has a task to
     * train in {@code tasks} (each proxy trains on
     * its own subset of images) cached under {@code teacherCache} and computed once on the driver; with +extra, of
     * every training image (the KD-only rows are drawn from all of them), shared by every proxy. No teacher
     * embeddings for {@code kd} null (no KD).
     */
    public static BenchEnvironment of(SearchConfig c, Path teacherCache, List<BenchTask> tasks, BenchRunDirectory run, KdSettings kd,
                                      PrintStream console) {
        // a continued benchmark embeds teachers only for the proxies it still trains (adding a zero-cost proxy to a
        // trained bench, or re-reading a finished one, would otherwise re-embed every training image for nothing)
        return of(c, teacherCache, proxiesLeft(tasks, run), kd, console);
    }

    /** The proxies of the tasks not yet recorded in {@code run}, each once, in the tasks' order. */
    public static List<ProxySettings> proxiesLeft(List<BenchTask> tasks, BenchRunDirectory run) {
        Map<String, ProxySettings> left = new LinkedHashMap<>();
        tasks.stream().filter(run::needsTraining).forEach(t -> left.putIfAbsent(t.proxy().name(), t.proxy()));
        return List.copyOf(left.values());
    }

    private static BenchEnvironment of(SearchConfig c, Path teacherCache, List<ProxySettings> proxies, KdSettings kd, PrintStream console) {
        Path data = Path.of(c.data());
        Map<String, List<String>> teacher = new LinkedHashMap<>();
        // zero-cost proxies train nothing, so they need no teacher
        List<ProxySettings> trained = proxies.stream().filter(p -> !p.zeroCostOnly()).toList();
        if (kd != null && !trained.isEmpty()) {
            DistillationSource source = DistillationSource.of(kd, TeacherSetup.teacher(c.teacher()), teacherCache)
                    .withThreads(Runtime.getRuntime().availableProcessors()).reportingTo(console);
            DistillationSource.Loader load = images -> SourceProxyData.load(data, data.resolve(c.trainPeople()), c.verificationFiles().get(0), images);
            if (source.embedsEveryTrainingImage()) {
                // the every-image set does not depend on the proxy: loaded and embedded once for all of them
                List<String> files = paths(source.in(teacherCache.resolve("every-training-image")).files(trained.get(0), load));
                trained.forEach(p -> teacher.put(p.name(), files));
            } else {
                trained.forEach(p -> teacher.put(p.name(), paths(source.in(teacherCache.resolve(p.name())).files(p, load))));
            }
        }
        // the weight is inside the spec each task carries
        return new BenchEnvironment(data.toString(), data.resolve(c.trainPeople()).toString(), c.verificationFiles().get(0).toString(),
                0, c.taskCpus(), teacher, null);
    }

    private static List<String> paths(List<Path> files) {
        return files.stream().map(Path::toString).toList();
    }
}

package org.facenas.search;

import java.io.Serializable;
import java.nio.file.Path;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.results.SearchConfig;

/**
 * What a Spark task needs to evaluate a candidate: small values and paths every executor can reach (the dataset,
 * the teacher-embedding cache), never data. Travels in the task closure.
 *
 * @param teacherEmbeddings the teacher-embedding cache files (absolute paths): one for one teacher, a trajectory's
 *                          checkpoints in epoch order for multi-step KD; empty without knowledge distillation
 * @param kd                the distillation the candidates train with, or null for none
 * @param verification      every verification set to score, the first ranking (absolute paths); empty: {@code pairs} alone
 */
public record EvaluationSpec(String dataDir, String trainPeople, String pairs, ProxySettings proxy, int latencyRuns,
                             int threads, java.util.List<String> teacherEmbeddings, KdSettings kd, java.util.List<String> verification)
        implements Serializable {

    public EvaluationSpec {
        verification = verification == null ? java.util.List.of() : java.util.List.copyOf(verification);
        teacherEmbeddings = teacherEmbeddings == null ? java.util.List.of() : java.util.List.copyOf(teacherEmbeddings);
    }

    /** One verification set, {@code pairs}. */
    public EvaluationSpec(String dataDir, String trainPeople, String pairs, ProxySettings proxy, int latencyRuns, int threads,
                          java.util.List<String> teacherEmbeddings, KdSettings kd) {
        this(dataDir, trainPeople, pairs, proxy, latencyRuns, threads, teacherEmbeddings, kd, java.util.List.of());
    }

    /** The verification files a task scores (a RecordIO set given a missing {@code pairs} takes its own .bin sets). */
    public java.util.List<Path> verificationFiles() {
        return (verification.isEmpty() ? java.util.List.of(pairs) : verification).stream().map(Path::of).toList();
    }

    /** The config's evaluation, with the teacher-embedding files of {@link TeacherSetup#prepare} (empty: no KD). */
    public static EvaluationSpec of(SearchConfig config, java.util.List<Path> teacherEmbeddings) {
        Path data = Path.of(config.data()).toAbsolutePath().normalize();
        KdSettings kd = config.teacher() == null || teacherEmbeddings.isEmpty() ? null : config.teacher().kdSettings();
        java.util.List<String> sets = config.withAbsolutePaths().verificationFiles().stream().map(Path::toString).toList();
        return new EvaluationSpec(data.toString(), data.resolve(config.trainPeople()).toString(),
                sets.get(0), config.proxySettings(), config.latencyRuns(), config.taskCpus(),
                absolute(teacherEmbeddings), kd, sets);
    }

    /** The same evaluation on another proxy (a successive-halving rung), with that proxy's teacher embeddings. */
    public EvaluationSpec withProxy(ProxySettings newProxy, java.util.List<Path> newTeacherEmbeddings) {
        return new EvaluationSpec(dataDir, trainPeople, pairs, newProxy, latencyRuns, threads,
                absolute(newTeacherEmbeddings), kd, verification);
    }

    private static java.util.List<String> absolute(java.util.List<Path> files) {
        return files.stream().map(f -> f.toAbsolutePath().toString()).toList();
    }
}

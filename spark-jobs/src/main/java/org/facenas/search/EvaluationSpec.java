package org.facenas.search;

import org.facenas.results.SearchConfig;
import java.io.Serializable;
import java.nio.file.Path;
import org.facenas.evaluator.train.KdSettings;
import org.facenas.evaluator.train.ProxySettings;

/**
 * What a Spark task needs to evaluate a candidate: small values and paths every executor can reach (the dataset,
 * the teacher-embedding cache), never data. Travels in the task closure.
 *
 * @param teacherEmbeddings the run's teacher-embedding cache file, or null without knowledge distillation
 * @param kd                the distillation the candidates train with, or null for none
 */
public record EvaluationSpec(String dataDir, String trainPeople, String pairs, ProxySettings proxy, int latencyRuns,
                             int threads, String teacherEmbeddings, KdSettings kd) implements Serializable {

    public static EvaluationSpec of(SearchConfig config, Path teacherEmbeddings) {
        Path data = Path.of(config.data()).toAbsolutePath().normalize();
        KdSettings kd = config.teacher() == null || teacherEmbeddings == null ? null : config.teacher().kdSettings();
        return new EvaluationSpec(data.toString(), data.resolve(config.trainPeople()).toString(),
                data.resolve(config.pairs()).toString(), config.proxySettings(), config.latencyRuns(), config.taskCpus(),
                teacherEmbeddings == null ? null : teacherEmbeddings.toAbsolutePath().toString(), kd);
    }

    /** The same evaluation on another proxy (a successive-halving rung), with that proxy's teacher embeddings. */
    public EvaluationSpec withProxy(ProxySettings newProxy, Path newTeacherEmbeddings) {
        return new EvaluationSpec(dataDir, trainPeople, pairs, newProxy, latencyRuns, threads,
                newTeacherEmbeddings == null ? null : newTeacherEmbeddings.toAbsolutePath().toString(), kd);
    }
}

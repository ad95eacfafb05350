package org.facenas.search;

import org.facenas.results.SearchConfig;
import java.io.Serializable;
import java.nio.file.Path;
import org.facenas.evaluator.train.ProxySettings;

/**
 * What a Spark task needs to evaluate a candidate: small values and paths every executor can reach (the dataset,
 * the teacher-embedding cache), never data. Travels in the task closure.
 *
 * @param teacherEmbeddings the run's teacher-embedding cache file, or null without knowledge distillation
 * @param kd                none, pocketnet or similarity
 */
public record EvaluationSpec(String dataDir, String trainPeople, String pairs, ProxySettings proxy, int latencyRuns,
                             int threads, String teacherEmbeddings, String kd, double kdLambda) implements Serializable {

    public static EvaluationSpec of(SearchConfig config, Path teacherEmbeddings) {
        Path data = Path.of(config.data()).toAbsolutePath().normalize();
        SearchConfig.TeacherConfig t = config.teacher();
        String kd = t == null || t.kd() == null ? (t == null ? "none" : "pocketnet") : t.kd();
        double lambda = t == null || t.lambda() == null ? Double.NaN : t.lambda();
        return new EvaluationSpec(data.toString(), data.resolve(config.trainPeople()).toString(),
                data.resolve(config.pairs()).toString(), config.proxySettings(), config.latencyRuns(), config.taskCpus(),
                teacherEmbeddings == null ? null : teacherEmbeddings.toAbsolutePath().toString(), kd, lambda);
    }

    /** The same evaluation on another proxy (a successive-halving rung), with that proxy's teacher embeddings. */
    public EvaluationSpec withProxy(ProxySettings newProxy, Path newTeacherEmbeddings) {
        return new EvaluationSpec(dataDir, trainPeople, pairs, newProxy, latencyRuns, threads,
                newTeacherEmbeddings == null ? null : newTeacherEmbeddings.toAbsolutePath().toString(), kd, kdLambda);
    }
}

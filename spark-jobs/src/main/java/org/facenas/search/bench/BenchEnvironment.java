package org.facenas.search.bench;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.facenas.search.EvaluationSpec;

/**
 * Where every task of a benchmark reads its inputs: paths every executor can reach, never data.
 *
 * @param teacherEmbeddings teacher-embedding cache files per {@link BenchTask#teacherKey()} (KD tasks only; empty
 *                          without a teacher): one file for one teacher, a trajectory's checkpoints in epoch order
 * @param kdLambda          KD loss weight (null: the KD variant's default)
 */
public record BenchEnvironment(String dataDir, String trainPeople, String pairs, int latencyRuns, int threads,
                               Map<String, List<String>> teacherEmbeddings, Double kdLambda) implements Serializable {

    public BenchEnvironment {
        teacherEmbeddings = Map.copyOf(teacherEmbeddings);
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
                org.facenas.evaluator.train.KdSettings.parse(task.kd(), kdLambda));
    }
}

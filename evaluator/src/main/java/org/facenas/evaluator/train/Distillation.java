package org.facenas.evaluator.train;

import java.util.List;
import java.util.Objects;
import org.facenas.distill.teacher.TeacherEmbeddings;
import org.facenas.records.proxy.KdSettings;

/**
 * Knowledge distillation as one value: how the student learns ({@link KdSettings}) and from what, either one
 * teacher's embeddings of the training images or a trajectory of checkpoints' embeddings (PocketNet's multi-step
 * KD, in epoch order). {@link DistillationSource} prepares it; {@code +extra} needs one teacher.
 */
public record Distillation(KdSettings kd, TeacherEmbeddings teacher, List<TeacherEmbeddings> trajectory) {

    public Distillation {
        Objects.requireNonNull(kd, "kd: use no Distillation for none");
        trajectory = trajectory == null ? List.of() : List.copyOf(trajectory);
        if ((teacher == null) == trajectory.isEmpty()) {
            throw new IllegalArgumentException("distillation needs either one teacher's embeddings or a trajectory, not both");
        }
        KdSettings.requireOneTeacherForExtra(kd, teacher == null);
    }

    /** Learning from one teacher. */
    public static Distillation from(KdSettings kd, TeacherEmbeddings teacher) {
        return new Distillation(kd, Objects.requireNonNull(teacher, "teacher"), List.of());
    }

    /** Learning from a trajectory of checkpoints, student epoch e from checkpoint e + 1. */
    public static Distillation fromTrajectory(KdSettings kd, List<TeacherEmbeddings> checkpoints) {
        if (checkpoints.isEmpty()) {
            throw new IllegalArgumentException("a teacher trajectory needs at least one checkpoint");
        }
        return new Distillation(kd, null, checkpoints);
    }

    /**
     * What the student learns from, for training images {@code trainKeys} in training order: the teacher's
     * embeddings of each image and its mirror, once for one teacher, once per checkpoint (epoch order) for a
     * trajectory. A key the teacher has no embedding for is an error naming it.
     */
    public List<TeacherTargets> targets(List<String> trainKeys) {
        List<TeacherEmbeddings> sources = teacher != null ? List.of(teacher) : trajectory;
        List<TeacherTargets> out = new java.util.ArrayList<>(sources.size());
        for (TeacherEmbeddings e : sources) {
            java.util.Map<String, Integer> row = e.index();
            float[][] plain = new float[trainKeys.size()][];
            float[][] flipped = new float[trainKeys.size()][];
            for (int i = 0; i < trainKeys.size(); i++) {
                Integer r = row.get(trainKeys.get(i));
                if (r == null) {
                    throw new IllegalArgumentException("the teacher embeddings have no entry for training image " + trainKeys.get(i)
                            + ": they were computed for another image list; delete the cache to rebuild it");
                }
                plain[i] = e.plain()[r];
                flipped[i] = e.flipped()[r];
            }
            out.add(new TeacherTargets(e.teacherHash(), plain, flipped));
        }
        return out;
    }

    /** Multi-step KD (a trajectory of checkpoints) rather than one teacher. */
    public boolean multiStep() {
        return teacher == null;
    }

    /** The teacher's embedding size, which the student's KD output projects to. */
    public int dimension() {
        return teacher != null ? teacher.dimension() : trajectory.get(0).dimension();
    }
}

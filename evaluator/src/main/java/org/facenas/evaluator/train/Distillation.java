package org.facenas.evaluator.train;

import java.util.List;
import java.util.Objects;
import org.facenas.distill.teacher.TeacherEmbeddings;

/**
 * Knowledge distillation as one value: how the student learns ({@link KdSettings}) and from what, either one
 * teacher's embeddings of the training images or a trajectory of checkpoints' embeddings (PocketNet's multi-step
 * KD, in epoch order).
 */
public record Distillation(KdSettings kd, TeacherEmbeddings teacher, List<TeacherEmbeddings> trajectory) {

    public Distillation {
        Objects.requireNonNull(kd, "kd: use no Distillation for none");
        trajectory = trajectory == null ? List.of() : List.copyOf(trajectory);
        if ((teacher == null) == trajectory.isEmpty()) {
            throw new IllegalArgumentException("distillation needs either one teacher's embeddings or a trajectory, not both");
        }
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

    /** The teacher's embedding size, which the student's KD output projects to. */
    public int dimension() {
        return teacher != null ? teacher.dimension() : trajectory.get(0).dimension();
    }
}

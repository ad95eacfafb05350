package org.facenas.evaluator.train;

/** L2-normalised teacher embeddings of each training image and of its mirror image, in the training order. */
public record TeacherTargets(String teacherHash, float[][] plain, float[][] flipped) {

    /**
     * PocketNet's multi-step schedule: the teacher checkpoint (1-based) student epoch {@code epoch} (1-based) learns
     * from is the next one, {@code epoch + 1}, and the last checkpoint once the trajectory runs out.
     */
    public static int checkpointForEpoch(int epoch, int checkpoints) {
        if (epoch < 1 || checkpoints < 1) {
            throw new IllegalArgumentException("epoch and checkpoint count start at 1");
        }
        return Math.min(epoch + 1, checkpoints);
    }

    public int dimension() {
        return plain[0].length;
    }
}

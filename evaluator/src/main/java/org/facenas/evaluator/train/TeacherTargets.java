package org.facenas.evaluator.train;

/** L2-normalised teacher embeddings of each training image and of its mirror image, in the training order. */
public record TeacherTargets(String teacherHash, float[][] plain, float[][] flipped) {

    public int dimension() {
        return plain[0].length;
    }
}

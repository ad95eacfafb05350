package org.facenas.evaluator.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The margin head's class weights from the teacher: W_c = P t_c, with t_c the normalised mean of the teacher's
 * embeddings of identity c's training images (and their mirrors) and P the KD projection [student, teacher]
 * (the identity when the student is as wide as the teacher). Then x.W_c = (xP).t_c: the class logit is the projected
 * student's agreement with the teacher's centre of that identity, which KD already trains the student towards.
 */
public final class TeacherHead {

    private TeacherHead() {
    }

    /** The teacher's normalised mean embedding per class, [classes, teacherDim]. */
    public static float[][] classCentres(TeacherTargets teacher, int[] labels, int classes) {
        int dim = teacher.dimension();
        double[][] sum = new double[classes][dim];
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < dim; j++) {
                sum[labels[i]][j] += teacher.plain()[i][j] + teacher.flipped()[i][j];
            }
        }
        float[][] out = new float[classes][dim];
        for (int c = 0; c < classes; c++) {
            double norm = 0;
            for (double v : sum[c]) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                throw new IllegalArgumentException("identity " + c + " has no training image to take a teacher centre from");
            }
            for (int j = 0; j < dim; j++) {
                out[c][j] = (float) (sum[c][j] / norm);
            }
        }
        return out;
    }

    /**
     * The class weights [studentDim, classes] for a head on a student of {@code studentDim} dimensions.
     *
     * @param projection P [studentDim, teacherDim], or null when the student is as wide as the teacher
     */
    public static INDArray weights(float[][] centres, INDArray projection, long studentDim) {
        INDArray t = Nd4j.create(centres).castTo(DataType.FLOAT); // [classes, teacherDim]
        if (projection == null) {
            if (studentDim != t.columns()) {
                throw new IllegalArgumentException("a " + studentDim + "-d student needs a projection to the " + t.columns()
                        + "-d teacher to take its identity centres");
            }
            return t.transpose().dup();
        }
        return projection.castTo(DataType.FLOAT).mmul(t.transpose());
    }
}

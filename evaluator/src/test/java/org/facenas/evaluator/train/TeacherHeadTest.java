package org.facenas.evaluator.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The teacher-initialised head against a brute-force computation over random teachers, labels and projections. */
class TeacherHeadTest {

    @Test
    void classLogitsAreTheProjectedStudentsAgreementWithTheTeachersIdentityCentre() {
        Random r = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int classes = 2 + r.nextInt(5);
            int n = classes + r.nextInt(20);
            int teacherDim = 3 + r.nextInt(8);
            int studentDim = 2 + r.nextInt(teacherDim);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i < classes ? i : r.nextInt(classes);
            }
            float[][] plain = new float[n][teacherDim];
            float[][] flipped = new float[n][teacherDim];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < teacherDim; j++) {
                    plain[i][j] = (float) r.nextGaussian();
                    flipped[i][j] = (float) r.nextGaussian();
                }
            }
            float[][] centres = TeacherHead.classCentres(new TeacherTargets("h", plain, flipped), labels, classes);
            INDArray p = Nd4j.randn(DataType.FLOAT, studentDim, teacherDim);
            INDArray w = TeacherHead.weights(centres, p, studentDim);
            INDArray x = Nd4j.randn(DataType.FLOAT, 1, studentDim);
            INDArray projected = x.mmul(p);
            for (int c = 0; c < classes; c++) {
                // brute force: the centre is the normalised sum over the class's images and mirrors
                double[] sum = new double[teacherDim];
                for (int i = 0; i < n; i++) {
                    if (labels[i] == c) {
                        for (int j = 0; j < teacherDim; j++) {
                            sum[j] += plain[i][j] + flipped[i][j];
                        }
                    }
                }
                double norm = Math.sqrt(java.util.Arrays.stream(sum).map(v -> v * v).sum());
                double expected = 0;
                for (int j = 0; j < teacherDim; j++) {
                    assertEquals(sum[j] / norm, centres[c][j], 1e-5);
                    expected += projected.getDouble(0, j) * sum[j] / norm;
                }
                double logit = x.mmul(w.getColumn(c).reshape(studentDim, 1)).getDouble(0, 0);
                assertEquals(expected, logit, 1e-3 * Math.max(1, Math.abs(expected)), "trial " + trial + " class " + c);
            }
        }
    }

    @Test
    void aStudentAsWideAsTheTeacherTakesTheCentresAsTheyAre() {
        float[][] centres = {{1, 0, 0}, {0, 0.6f, 0.8f}};
        INDArray w = TeacherHead.weights(centres, null, 3);
        assertEquals(0.8, w.getDouble(2, 1), 1e-6);
        assertEquals(1.0, w.getDouble(0, 0), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> TeacherHead.weights(centres, null, 2));
    }
}

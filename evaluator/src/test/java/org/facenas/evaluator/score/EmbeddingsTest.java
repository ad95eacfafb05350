package org.facenas.evaluator.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The scoring embeddings and the student-teacher cosine from outputs already computed, against direct computations. */
class EmbeddingsTest {

    @Test
    void meanCosineIsTheMeanOfEachRowsCosineWithItsTeacherRow() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(20);
            int d = 1 + random.nextInt(40);
            List<float[]> student = new ArrayList<>();
            float[][] teacher = new float[n][];
            double oracle = 0;
            for (int i = 0; i < n; i++) {
                float[] s = gaussian(random, d, random.nextDouble() * 10 + 0.01);
                float[] t = Embeddings.l2Normalised(gaussian(random, d, 1));
                student.add(s);
                teacher[i] = t;
                double dot = 0, ss = 0, tt = 0;
                for (int j = 0; j < d; j++) {
                    dot += (double) s[j] * t[j];
                    ss += (double) s[j] * s[j];
                    tt += (double) t[j] * t[j];
                }
                oracle += dot / Math.sqrt(ss * tt);
            }
            assertEquals(oracle / n, Embeddings.meanCosine(student, teacher), 1e-5);
        }
    }

    @Test
    void meanCosineOfAnotherWidthIsNullAndOfAnotherCountAnError() {
        float[][] teacher = {{1, 0, 0}, {0, 1, 0}};
        assertNull(Embeddings.meanCosine(List.of(new float[2], new float[2]), teacher));
        assertThrows(IllegalArgumentException.class, () -> Embeddings.meanCosine(List.of(new float[3]), teacher));
    }

    @Test
    void flipSumOfOutputsIsTheNormalisedSumOfPlainAndMirrored() {
        SplittableRandom random = new SplittableRandom(5);
        List<float[]> plain = new ArrayList<>();
        List<float[]> mirrored = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            plain.add(gaussian(random, 16, 3));
            mirrored.add(gaussian(random, 16, 3));
        }
        List<float[]> sums = Embeddings.flipSum(plain, mirrored);
        for (int i = 0; i < 30; i++) {
            float[] sum = new float[16];
            double norm = 0;
            for (int j = 0; j < 16; j++) {
                sum[j] = plain.get(i)[j] + mirrored.get(i)[j];
                norm += (double) sum[j] * sum[j];
            }
            for (int j = 0; j < 16; j++) {
                sum[j] = (float) (sum[j] / Math.sqrt(norm));
            }
            assertArrayEquals(sum, sums.get(i), 1e-6f);
        }
        assertThrows(IllegalArgumentException.class, () -> Embeddings.flipSum(plain, mirrored.subList(0, 3)));
    }

    private static float[] gaussian(SplittableRandom random, int d, double scale) {
        float[] v = new float[d];
        for (int j = 0; j < d; j++) {
            // Box-Muller
            v[j] = (float) (scale * Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return v;
    }
}

package org.facenas.evaluator.score;

import org.facenas.evaluator.data.FaceTensors;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Embeddings for scoring from an embedder network: the output for an image plus its mirror, summed and L2-normalised. */
public final class Embeddings {

    private Embeddings() {
    }

    public static List<float[]> flipSum(ComputationGraph net, List<float[]> images, int size, int batch) {
        return flipSum(raw(net, images, size, batch), mirroredRaw(net, images, size, batch));
    }

    /** The network's output for each image's mirror image, in batches. */
    public static List<float[]> mirroredRaw(ComputationGraph net, List<float[]> images, int size, int batch) {
        return raw(net, images.stream().map(i -> FaceTensors.flipped(i, size)).toList(), size, batch);
    }

    /** The scoring embeddings from outputs already computed: plain + mirrored per image, L2-normalised. */
    public static List<float[]> flipSum(List<float[]> plain, List<float[]> mirrored) {
        if (plain.size() != mirrored.size()) {
            throw new IllegalArgumentException(plain.size() + " plain outputs but " + mirrored.size() + " mirrored ones");
        }
        List<float[]> out = new ArrayList<>(plain.size());
        for (int i = 0; i < plain.size(); i++) {
            float[] a = plain.get(i);
            float[] b = mirrored.get(i);
            float[] sum = new float[a.length];
            for (int d = 0; d < a.length; d++) {
                sum[d] = a[d] + b[d];
            }
            out.add(l2Normalised(sum));
        }
        return out;
    }

    /** The network's output per image, in batches. */
    public static List<float[]> raw(ComputationGraph net, List<float[]> images, int size, int batch) {
        return inBatches(images, size, batch, (x, n) -> {
            INDArray emb = net.outputSingle(false, Nd4j.create(x, new long[] {n, 3, size, size}, DataType.FLOAT));
            List<float[]> rows = new ArrayList<>(n);
            for (int b = 0; b < n; b++) {
                rows.add(emb.getRow(b).toFloatVector());
            }
            return rows;
        });
    }

    /** One batch of {@code n} images as one NCHW array, to its {@code n} output rows. */
    @FunctionalInterface
    public interface BatchPass {
        List<float[]> rows(float[] nchw, int n);
    }

    /** {@code pass}'s output per image, the images packed {@code batch} at a time into NCHW arrays, in order. */
    public static List<float[]> inBatches(List<float[]> images, int size, int batch, BatchPass pass) {
        int pixels = 3 * size * size;
        List<float[]> out = new ArrayList<>(images.size());
        for (int start = 0; start < images.size(); start += batch) {
            int n = Math.min(batch, images.size() - start);
            float[] x = new float[n * pixels];
            for (int b = 0; b < n; b++) {
                System.arraycopy(images.get(start + b), 0, x, b * pixels, pixels);
            }
            out.addAll(pass.rows(x, n));
        }
        return out;
    }

    /**
     * Mean cosine of each output row with the matching L2-normalised teacher row (the teacher's norm is taken as 1);
     * null when the rows are not in the teacher's space (another width), where a cosine means nothing.
     */
    public static Double meanCosine(List<float[]> student, float[][] unitTeacher) {
        if (student.size() != unitTeacher.length) {
            throw new IllegalArgumentException(student.size() + " outputs for " + unitTeacher.length + " teacher embeddings");
        }
        if (student.isEmpty() || student.get(0).length != unitTeacher[0].length) {
            return null;
        }
        double sum = 0;
        for (int i = 0; i < unitTeacher.length; i++) {
            float[] s = student.get(i);
            double dot = 0;
            double norm = 0;
            for (int j = 0; j < s.length; j++) {
                dot += s[j] * unitTeacher[i][j];
                norm += s[j] * s[j];
            }
            sum += dot / Math.sqrt(norm + 1e-12);
        }
        return sum / unitTeacher.length;
    }

    public static float[] l2Normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        if (norm == 0 || !Double.isFinite(norm)) {
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}

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
        List<float[]> plain = raw(net, images, size, batch);
        List<float[]> mirrored = raw(net, images.stream().map(i -> FaceTensors.flipped(i, size)).toList(), size, batch);
        List<float[]> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
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
        int pixels = 3 * size * size;
        List<float[]> out = new ArrayList<>(images.size());
        for (int start = 0; start < images.size(); start += batch) {
            int n = Math.min(batch, images.size() - start);
            float[] x = new float[n * pixels];
            for (int b = 0; b < n; b++) {
                System.arraycopy(images.get(start + b), 0, x, b * pixels, pixels);
            }
            INDArray emb = net.outputSingle(false, Nd4j.create(x, new long[] {n, 3, size, size}, DataType.FLOAT));
            for (int b = 0; b < n; b++) {
                out.add(emb.getRow(b).toFloatVector());
            }
        }
        return out;
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

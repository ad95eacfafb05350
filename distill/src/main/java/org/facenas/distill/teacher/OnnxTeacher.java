package org.facenas.distill.teacher;

import org.facenas.data.onnx.OnnxSession;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;

/**
 * Runs an ONNX face embedder as a teacher. Opening checks the model against its {@link TeacherSpec}: a 4-D
 * NCHW input with 3 channels of the declared size, and an output of the declared embedding size. Models with a
 * fixed batch of 1 are run one image at a time.
 */
public final class OnnxTeacher implements AutoCloseable {

    private final TeacherSpec spec;
    private final OnnxSession session;
    private final int maxBatch;

    private OnnxTeacher(TeacherSpec spec, OnnxSession session, int maxBatch) {
        this.spec = spec;
        this.session = session;
        this.maxBatch = maxBatch;
    }

    public static OnnxTeacher open(TeacherSpec spec, int threads) {
        spec.modelHash();
        OnnxSession session = OnnxSession.open(spec.model(), threads);
        try {
            NodeInfo input = session.session().getInputInfo().values().iterator().next();
            if (!(input.getInfo() instanceof TensorInfo t) || t.getShape().length != 4) {
                throw new IllegalArgumentException("teacher " + spec.model().getFileName() + " input is not a 4-D tensor: "
                        + input.getInfo() + "; a face embedder takes NCHW images");
            }
            long[] shape = t.getShape();
            int size = spec.preprocessing().width();
            if (shape[1] != 3 || (shape[2] > 0 && shape[2] != spec.preprocessing().height()) || (shape[3] > 0 && shape[3] != size)) {
                throw new IllegalArgumentException("teacher " + spec.model().getFileName() + " expects input " + Arrays.toString(shape)
                        + " but its config declares 3x" + spec.preprocessing().height() + "x" + size + "; fix the teacher's input size");
            }
            int maxBatch = shape[0] > 0 ? (int) shape[0] : 64;
            OnnxTeacher teacher = new OnnxTeacher(spec, session, maxBatch);
            float[][] probe = teacher.embed(new float[3 * spec.preprocessing().height() * size], 1);
            if (probe.length != 1 || probe[0].length != spec.embeddingSize()) {
                throw new IllegalArgumentException("teacher " + spec.model().getFileName() + " outputs " + probe[0].length
                        + "-d vectors but its config declares " + spec.embeddingSize() + "-d embeddings");
            }
            return teacher;
        } catch (OrtException e) {
            session.close();
            throw new IllegalArgumentException("teacher " + spec.model() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    public TeacherSpec spec() {
        return spec;
    }

    /** Embeddings of {@code count} preprocessed CHW images packed in {@code images}. */
    public float[][] embed(float[] images, int count) {
        int h = spec.preprocessing().height();
        int w = spec.preprocessing().width();
        int pixels = 3 * h * w;
        float[][] out = new float[count][];
        for (int start = 0; start < count; start += maxBatch) {
            int n = Math.min(maxBatch, count - start);
            float[] chunk = Arrays.copyOfRange(images, start * pixels, (start + n) * pixels);
            float[][] e = session.embed(chunk, n, 3, h);
            System.arraycopy(e, 0, out, start, n);
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
    }
}

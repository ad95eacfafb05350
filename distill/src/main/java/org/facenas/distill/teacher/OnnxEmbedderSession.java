package org.facenas.distill.teacher;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An ONNX face embedder run in ONNX Runtime: NCHW float input, [batch, dim] float output. Used for the
 * exported FaceNAS embedders (latency, export checks) and for ONNX teachers.
 */
public final class OnnxEmbedderSession implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String inputName;

    private OnnxEmbedderSession(OrtSession session) throws OrtException {
        this.session = session;
        this.inputName = session.getInputNames().iterator().next();
    }

    /** @param threads ONNX Runtime intra-op threads (1 for latency as deployed on one core) */
    public static OnnxEmbedderSession of(byte[] model, int threads) {
        try (OrtSession.SessionOptions options = options(threads)) {
            return new OnnxEmbedderSession(OrtEnvironment.getEnvironment().createSession(model, options));
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    public static OnnxEmbedderSession open(java.nio.file.Path model, int threads) {
        try (OrtSession.SessionOptions options = options(threads)) {
            return new OnnxEmbedderSession(OrtEnvironment.getEnvironment().createSession(model.toString(), options));
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load " + model + ": " + e.getMessage()
                    + "; give an ONNX model file", e);
        }
    }

    private static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return options;
    }

    public OrtSession session() {
        return session;
    }

    /** Embeds {@code batch} images given as one NCHW float array of {@code batch x channels x size x size}. */
    public float[][] embed(float[] nchw, int batch, int channels, int size) {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(nchw), new long[] {batch, channels, size, size});
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            Object value = result.get(0).getValue();
            if (value instanceof float[][] rows) {
                return rows;
            }
            throw new IllegalStateException("the model's first output is not a [batch, dim] float matrix but "
                    + value.getClass().getSimpleName());
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.facenas.data.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The one ONNX Runtime session wrapper: a model with a single float input, run from any thread
 * ({@code OrtSession.run} is thread-safe). Used by the face detector and landmark model, the ONNX teachers and the
 * exported FaceNAS embedders (latency, export checks). Inter-op threads are 1; intra-op threads are the caller's
 * choice (1 when parallelism comes from running many images at once, or for latency as deployed on one core).
 */
public final class OnnxSession implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String inputName;

    private OnnxSession(OrtSession session) throws OrtException {
        this.session = session;
        this.inputName = session.getInputNames().iterator().next();
    }

    /** @param threads ONNX Runtime intra-op threads */
    public static OnnxSession of(byte[] model, int threads) {
        try (OrtSession.SessionOptions options = options(threads)) {
            return new OnnxSession(OrtEnvironment.getEnvironment().createSession(model, options));
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    public static OnnxSession open(Path model, int threads) {
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("ONNX model " + model.toAbsolutePath() + " does not exist: give its path"
                    + " (the faceplugin models are in ../shared/models/faceplugin)");
        }
        try (OrtSession.SessionOptions options = options(threads)) {
            return new OnnxSession(OrtEnvironment.getEnvironment().createSession(model.toString(), options));
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

    /**
     * This session when the model's input has {@code shape} (a model's -1 matches any size) and it has the named
     * outputs; otherwise closed, with an error naming {@code file}: another model given in its place.
     */
    public OnnxSession expecting(Path file, String what, long[] shape, String... outputs) {
        try {
            long[] actual = ((ai.onnxruntime.TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape();
            boolean fits = actual.length == shape.length && session.getOutputNames().containsAll(java.util.List.of(outputs));
            for (int i = 0; fits && i < shape.length; i++) {
                fits = actual[i] < 0 || actual[i] == shape[i];
            }
            if (!fits) {
                String message = file + " is not " + what + ": its input is " + java.util.Arrays.toString(actual) + " and its outputs "
                        + session.getOutputNames() + ", expected " + java.util.Arrays.toString(shape) + " and " + java.util.List.of(outputs);
                close();
                throw new IllegalArgumentException(message);
            }
            return this;
        } catch (OrtException | ClassCastException e) {
            close();
            throw new IllegalArgumentException(file + " is not " + what + ": " + e.getMessage(), e);
        }
    }

    public OrtSession session() {
        return session;
    }

    /** Runs the model on one float tensor and returns the named outputs as Java arrays. */
    public Map<String, Object> run(float[] input, long[] shape, String... outputs) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            Map<String, Object> values = new HashMap<>();
            for (String name : outputs) {
                values.put(name, result.get(name).orElseThrow(
                        () -> new IllegalStateException("model has no output '" + name + "'")).getValue());
            }
            return values;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
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
            throw new IllegalStateException("cannot close ONNX session", e);
        }
    }
}

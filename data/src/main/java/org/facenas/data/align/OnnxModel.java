package org.facenas.data.align;

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
 * One ONNX Runtime session with a single float input. {@code OrtSession.run} is thread-safe, so
 * one session serves all worker threads; intra-op threads are limited to 1 because parallelism
 * comes from running many images at once, and the cores are shared.
 */
final class OnnxModel implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;

    private OnnxModel(OrtEnvironment env, OrtSession session, String inputName) {
        this.env = env;
        this.session = session;
        this.inputName = inputName;
    }

    static OnnxModel load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file " + file.toAbsolutePath()
                    + " not found; pass its path (see /work/shared/models/faceplugin)");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            OrtSession session = env.createSession(file.toString(), options);
            return new OnnxModel(env, session, session.getInputNames().iterator().next());
        } catch (OrtException e) {
            throw new IllegalArgumentException("cannot load ONNX model " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs the model and returns the named outputs as Java arrays. */
    Map<String, Object> run(float[] input, long[] shape, String... outputs) {
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

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close ONNX session", e);
        }
    }
}

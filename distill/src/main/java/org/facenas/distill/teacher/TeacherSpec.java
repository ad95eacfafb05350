package org.facenas.distill.teacher;

import org.facenas.data.hash.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facenas.data.image.ChannelOrder;
import org.facenas.data.image.FacePreprocessing;
import org.facenas.data.image.ResizeMethod;

/**
 * An ONNX face-embedding teacher: the model file, the preprocessing its input expects, and the size of the
 * embedding it must produce. The model is checked against these when opened.
 *
 * @param model         the ONNX file
 * @param preprocessing input size, normalisation and channel order the teacher was trained with
 * @param embeddingSize the declared embedding dimension
 */
public record TeacherSpec(Path model, FacePreprocessing preprocessing, int embeddingSize) {

    public TeacherSpec {
        if (embeddingSize < 1) {
            throw new IllegalArgumentException("teacher embedding size must be positive, got " + embeddingSize);
        }
        if (preprocessing.flip()) {
            throw new IllegalArgumentException("teacher preprocessing must not flip; flipped embeddings are computed separately");
        }
    }

    /**
     * A square-input RGB ONNX teacher with {@code (p - mean) * scale} normalisation. The faceplugin
     * fr_feature.onnx is {@code onnx(path, 112, 127, 1/128, 512)}.
     */
    public static TeacherSpec onnx(Path model, int inputSize, float mean, float scale, int embeddingSize) {
        return new TeacherSpec(model, new FacePreprocessing(inputSize, inputSize, mean, scale, ChannelOrder.RGB, ResizeMethod.AREA, false),
                embeddingSize);
    }

    /** The faceplugin MobileFaceNet-like embedder's settings: 112x112 RGB, (p-127)/128, 512-d. */
    public static TeacherSpec facepluginDefaults(Path model) {
        return onnx(model, 112, 127f, 1f / 128f, 512);
    }

    /** SHA-256 of the model file (hex), the teacher's identity in caches and provenance. */
    public String modelHash() {
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("teacher model " + model + " does not exist: give an ONNX face-embedding model file");
        }
        return Sha256.ofFile(model);
    }
}

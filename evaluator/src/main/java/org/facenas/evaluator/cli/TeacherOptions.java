package org.facenas.evaluator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.facenas.distill.teacher.TeacherEmbeddingCache;
import org.facenas.distill.teacher.TeacherSpec;
import picocli.CommandLine.Option;

/**
 * The ONNX teacher options every command that distils or scores a teacher shares, spelled one way, as a picocli
 * mixin: the model, how its input is made (size, (p - mean) * scale), its embedding size, and the embedding
 * cache. The defaults are the faceplugin fr_feature.onnx settings.
 */
public final class TeacherOptions {

    @Option(names = "--teacher", paramLabel = "FILE", description = "ONNX face-embedding teacher")
    Path teacher;

    @Option(names = "--teacher-input", defaultValue = "112", description = "teacher input size (default ${DEFAULT-VALUE})")
    int input;

    @Option(names = "--teacher-mean", defaultValue = "127", description = "teacher normalisation (p - mean) * scale (default ${DEFAULT-VALUE})")
    float mean;

    @Option(names = "--teacher-scale", defaultValue = "0.0078125", description = "(default ${DEFAULT-VALUE})")
    float scale;

    @Option(names = "--teacher-dim", defaultValue = "512", description = "teacher embedding size (default ${DEFAULT-VALUE})")
    int dim;

    @Option(names = "--teacher-cache", paramLabel = "DIR", description = "folder of cached teacher embeddings (default ~/.cache/facenas/teachers)")
    Path cache;

    private Path defaultTeacher;

    /** The model used when {@code --teacher} is not given (benchmarks have one). */
    public TeacherOptions defaultTeacher(Path model) {
        this.defaultTeacher = model;
        return this;
    }

    /** True when a teacher was given (or defaulted). */
    public boolean given() {
        return teacher != null || defaultTeacher != null;
    }

    /** The teacher as declared; an error naming --teacher when none was given or the file does not exist. */
    public TeacherSpec spec() {
        Path model = teacher != null ? teacher : defaultTeacher;
        if (model == null) {
            throw new IllegalArgumentException("--teacher FILE is required: an ONNX face-embedding model");
        }
        if (Files.isDirectory(model)) {
            throw new IllegalArgumentException("--teacher " + model + " is a folder, not a file: give an ONNX face-embedding model"
                    + " (a folder of facenas teacher train is --teacher-trajectory)");
        }
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--teacher " + model + " does not exist: give an ONNX face-embedding model");
        }
        return TeacherSpec.onnx(model, input, mean, scale, dim);
    }

    public Path cache() {
        return cache != null ? cache : TeacherEmbeddingCache.defaultDirectory();
    }
}

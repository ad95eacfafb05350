package org.facenas.data.cli;

import java.nio.file.Path;
import org.facenas.data.align.FaceAligner;
import org.facenas.data.align.FaceChoice;
import picocli.CommandLine.Option;

/**
 * The face-alignment options {@code data align} and {@code data import} share, as a picocli mixin: the two faceplugin
 * models, the detector's minimum score and the worker threads, each checked with a one-line error naming it.
 */
final class AlignerOptions {

    @Option(names = "--detector", paramLabel = "FILE", description = "fr_detect.onnx (default: ${DEFAULT-VALUE})",
            defaultValue = "../shared/models/faceplugin/fr_detect.onnx")
    Path detector;

    @Option(names = "--landmarks", paramLabel = "FILE", description = "fr_landmark.onnx (default: ${DEFAULT-VALUE})",
            defaultValue = "../shared/models/faceplugin/fr_landmark.onnx")
    Path landmarks;

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.9", description = "minimum detector score (default: ${DEFAULT-VALUE})")
    float minScore;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: available cores)")
    Integer threads;

    /** The worker threads (all cores by default); an error below 1. */
    int threads() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + n);
        }
        return n;
    }

    /** The detector's minimum score; an error outside [0, 1]. */
    float minScore() {
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("--min-score must be between 0 and 1, got " + minScore);
        }
        return minScore;
    }

    /** An error naming --detector or --landmarks when it is no file; {@code orElse} ends what the error asks for. */
    void requireModels(String orElse) {
        DataSubcommand.requireFile(detector, "--detector", "the path of fr_detect.onnx" + orElse);
        DataSubcommand.requireFile(landmarks, "--landmarks", "the path of fr_landmark.onnx" + orElse);
    }

    /** Both models, checked by their input and outputs; an error names the flag of the one that is not what it should be. */
    FaceAligner load(FaceChoice choice) {
        try {
            return FaceAligner.load(detector, landmarks, minScore(), choice);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            String flag = m.startsWith(detector.toString()) ? "--detector " : m.startsWith(landmarks.toString()) ? "--landmarks " : "";
            throw new IllegalArgumentException(flag + m + (m.contains(" is not a ") ? " (are --detector and --landmarks swapped?)" : ""), e);
        }
    }
}

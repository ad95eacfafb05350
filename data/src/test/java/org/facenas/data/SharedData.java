package org.facenas.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only shared datasets and models; fails loudly when they are missing. Every module's tests use it
 * (data publishes it in its test-jar), so the shared folder is found one way.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The shared folder: system property facenas.shared (set by surefire), else ../shared. */
    public static Path root() {
        String configured = System.getProperty("facenas.shared");
        Path root = configured != null ? Path.of(configured) : Path.of("..", "shared");
        if (!Files.isDirectory(root)) {
            root = Path.of("..", "..", "shared");
        }
        if (!Files.isDirectory(root.resolve("datasets"))) {
            throw new IllegalStateException("shared data folder not found at " + root.toAbsolutePath()
                    + "; set -Dfacenas.shared=/path/to/shared (it must hold datasets/ and models/)");
        }
        return root.toAbsolutePath().normalize();
    }

    public static Path celeba112() {
        return existing(root().resolve("datasets/celeba112"));
    }

    public static Path orl() {
        return existing(root().resolve("datasets/orl"));
    }

    /** Raw CFP (Data/, Protocol/), not aligned. */
    public static Path cfp() {
        return existing(root().resolve("datasets/cfp"));
    }

    public static Path detector() {
        return existing(root().resolve("models/faceplugin/fr_detect.onnx"));
    }

    public static Path landmarks() {
        return existing(root().resolve("models/faceplugin/fr_landmark.onnx"));
    }

    /** The faceplugin face-embedding model, the teacher of the KD tests. */
    public static Path teacher() {
        return existing(root().resolve("models/faceplugin/fr_feature.onnx"));
    }

    private static Path existing(Path p) {
        if (!Files.exists(p)) {
            throw new IllegalStateException("shared resource missing: " + p + "; these tests need the shared datasets/models");
        }
        return p;
    }
}

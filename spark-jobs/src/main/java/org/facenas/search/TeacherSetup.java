package org.facenas.search;

import java.io.PrintStream;
import java.nio.file.Path;

/** Computes (or reuses) the run's teacher embeddings before any candidate trains. */
final class TeacherSetup {

    private TeacherSetup() {
    }

    /** The teacher-embedding cache file the tasks read, or null when the config has no teacher. */
    static Path prepare(RunDirectory run, PrintStream console) {
        if (run.config().teacher() == null) {
            return null;
        }
        throw new IllegalArgumentException("config teacher: knowledge distillation is not built yet");
    }
}

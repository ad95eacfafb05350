package org.facenas.distill.teacher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A teacher trained here (facenas teacher train): {@code teacher-epochN.onnx} for N = 1..epochs and
 * {@code teacher.json} with the input size, normalisation and embedding size they share.
 */
public final class TeacherTrajectory {

    private static final Pattern CHECKPOINT = Pattern.compile("teacher-epoch(\\d+)\\.onnx");

    private TeacherTrajectory() {
    }

    /** Every teacher-epochN.onnx in {@code dir} (none when it does not exist). */
    public static List<Path> checkpoints(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    /** The checkpoints' specs in epoch order; an error naming the folder when it is not a complete trajectory. */
    public static List<TeacherSpec> read(Path dir) {
        Path meta = dir.resolve("teacher.json");
        if (!Files.isRegularFile(meta)) {
            throw new IllegalArgumentException(dir + " is not a teacher trajectory (no teacher.json): write one with facenas teacher train");
        }
        try {
            JsonNode m = new ObjectMapper().readTree(meta.toFile());
            int epochs = m.get("epochs").asInt();
            List<TeacherSpec> out = new ArrayList<>();
            for (int e = 1; e <= epochs; e++) {
                Path f = dir.resolve("teacher-epoch" + e + ".onnx");
                if (!Files.isRegularFile(f)) {
                    throw new IllegalArgumentException("teacher trajectory " + dir + " lacks " + f.getFileName() + " of its " + epochs + " epochs");
                }
                out.add(TeacherSpec.onnx(f, m.get("inputSize").asInt(), (float) m.get("mean").asDouble(), (float) m.get("scale").asDouble(),
                        m.get("embeddingSize").asInt()));
            }
            int found = checkpoints(dir).size();
            if (found != epochs) {
                throw new IllegalArgumentException("teacher trajectory " + dir + " holds " + found + " checkpoints but teacher.json says " + epochs);
            }
            return out;
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("unreadable teacher trajectory " + meta + ": " + e.getMessage());
        }
    }
}

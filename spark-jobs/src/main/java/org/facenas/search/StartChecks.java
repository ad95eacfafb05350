package org.facenas.search;

import java.nio.file.Files;
import java.nio.file.Path;
import org.facenas.data.lfw.LfwFormatException;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.lfw.People;
import org.facenas.distill.teacher.OnnxTeacher;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.results.SearchConfig;

/**
 * What a search reads from disk, checked before its run folder or Spark exists: a search that cannot start must
 * not leave a half-made run behind (a folder {@code --out} refuses and {@code --resume} would reuse). The data
 * folder, the people and pairs files (read and parsed), and the teacher (opened in ONNX Runtime, its input and
 * embedding size checked against the config). A problem is a one-line {@link IllegalArgumentException} naming the
 * config key.
 */
public final class StartChecks {

    private StartChecks() {
    }

    public static void inputs(SearchConfig c) {
        Path data = Path.of(c.data());
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("config data: " + data + " is not a folder: give the dataset folder (images/IDENTITY/*.jpg)");
        }
        Path people = existing(data.resolve(c.trainPeople()), "trainPeople", "a people file of training identities");
        Path pairs = existing(data.resolve(c.pairs()), "pairs", "a pairs file of held-out identities");
        try {
            People.read(people);
        } catch (LfwFormatException e) {
            throw new IllegalArgumentException("config trainPeople: " + e.getMessage());
        }
        try {
            Pairs.read(pairs);
        } catch (LfwFormatException e) {
            throw new IllegalArgumentException("config pairs: " + e.getMessage());
        }
        if (c.teacher() != null && c.teacher().kdSettings() != null) {
            TeacherSpec spec = c.teacher().spec();
            if (!Files.isRegularFile(spec.model())) {
                throw new IllegalArgumentException("config teacher.onnx: " + spec.model() + " does not exist: give an ONNX face-embedding model");
            }
            try (OnnxTeacher opened = OnnxTeacher.open(spec, 1)) {
                // opening runs one probe image and checks the declared input and embedding size
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new IllegalArgumentException("config teacher: " + firstLine(e.getMessage())
                        + " (teacher.inputSize, teacher.embeddingSize and the model must agree)");
            }
        }
    }

    private static Path existing(Path file, String key, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config " + key + ": " + file + " does not exist: give " + what
                    + " (relative to data; facenas data split writes them)");
        }
        return file;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}

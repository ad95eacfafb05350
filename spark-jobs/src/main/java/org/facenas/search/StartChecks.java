package org.facenas.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.data.bin.VerificationBin;
import org.facenas.data.lfw.LfwFormatException;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.lfw.People;
import org.facenas.data.recordio.InsightFaceRecords;
import org.facenas.data.source.FaceSource;
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
            throw new IllegalArgumentException("config data: " + data + " is not a folder: give the dataset folder (images/IDENTITY/*.jpg or an InsightFace set with train.rec/train.idx)");
        }
        if (InsightFaceRecords.isRecordFolder(data)) {
            recordSet(c, data);
        } else {
            Path people = existing(data.resolve(c.trainPeople()), "trainPeople", "a people file of training identities");
            try {
                People.read(people);
            } catch (LfwFormatException e) {
                throw new IllegalArgumentException("config trainPeople: " + e.getMessage());
            }
            String key = c.verification().isEmpty() ? "pairs" : "verification";
            for (Path set : c.verificationFiles()) {
                verification(existing(set, key, "a pairs file or .bin of held-out identities"), key);
            }
        }
        if (c.teacher() != null && c.teacher().kdSettings() != null) {
            if (c.teacher().trajectory() != null && !Files.isDirectory(Path.of(c.teacher().trajectory()))) {
                throw new IllegalArgumentException("config teacher.trajectory: " + c.teacher().trajectory()
                        + " is not a folder: give the --out of facenas teacher train");
            }
            List<TeacherSpec> specs;
            try {
                specs = c.teacher().specs();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config teacher.trajectory: " + firstLine(e.getMessage()));
            }
            for (TeacherSpec spec : specs) {
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
    }

    /**
     * An InsightFace set: opened (index, record 0, identity records and property checked); the people file is
     * optional (all identities train), the pairs default to the set's lfw.bin or first .bin.
     */
    private static void recordSet(SearchConfig c, Path data) {
        try (FaceSource source = FaceSource.open(data)) {
            Path people = data.resolve(c.trainPeople());
            if (Files.exists(people)) {
                try {
                    People.read(people);
                } catch (LfwFormatException e) {
                    throw new IllegalArgumentException("config trainPeople: " + e.getMessage());
                }
            }
            String key = c.verification().isEmpty() ? "pairs" : "verification";
            List<Path> sets = c.verificationFiles();
            if (c.verification().isEmpty() && !Files.exists(sets.get(0)) && !source.defaultVerification().isEmpty()) {
                sets = source.defaultVerification();
            }
            for (Path set : sets) {
                verification(existing(set, key, "a pairs file or .bin of held-out identities (the set holds no .bin)"), key);
            }
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("config ") ? e : new IllegalArgumentException("config data: " + e.getMessage());
        }
    }

    private static void verification(Path pairs, String key) {
        if (pairs.getFileName().toString().endsWith(".bin")) {
            try {
                VerificationBin.read(pairs);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("config " + key + ": " + firstLine(e.getMessage()));
            }
            return;
        }
        try {
            Pairs.read(pairs);
        } catch (LfwFormatException e) {
            throw new IllegalArgumentException("config " + key + ": " + e.getMessage());
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

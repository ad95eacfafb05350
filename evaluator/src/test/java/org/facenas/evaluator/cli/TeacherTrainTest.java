package org.facenas.evaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facenas.data.SharedData;
import org.facenas.distill.teacher.OnnxTeacher;
import org.facenas.distill.teacher.TeacherSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A teacher trained here leaves an ONNX checkpoint per epoch that opens as a teacher and changes between epochs. */
class TeacherTrainTest {

    @Test
    void writesOneUsableCheckpointPerEpoch(@TempDir Path tmp) throws Exception {
        Path celeba = SharedData.celeba112();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new TeacherCommand());
        cli.setOut(new PrintWriter(out));
        // issue 24 (1): over an earlier trajectory, --force leaves none of its checkpoints (epoch 3 would join this one's two)
        for (int e = 1; e <= 3; e++) {
            Files.writeString(tmp.resolve("teacher-epoch" + e + ".onnx"), "epoch " + e + " of an earlier training");
        }
        int code = cli.execute("train", "--arch", "stem_c16,ir_r1_k3_s2_e2_c24,ir_r1_k3_s2_e2_c32,head_c64_gdc_emb32", "--data",
                celeba.toString(), "--epochs", "2", "--identities", "6", "--images-per-identity", "4", "--batch", "12", "--out", tmp.toString(),
                "--force");
        assertEquals(0, code, out.toString());
        assertEquals(2, org.facenas.distill.teacher.TeacherTrajectory.read(tmp).size(), "two checkpoints, as teacher.json says");
        float[] image = new float[3 * 112 * 112];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) Math.sin(i * 0.01);
        }
        float[][] e = new float[2][];
        for (int epoch = 1; epoch <= 2; epoch++) {
            Path file = tmp.resolve("teacher-epoch" + epoch + ".onnx");
            assertTrue(Files.isRegularFile(file), out.toString());
            try (OnnxTeacher t = OnnxTeacher.open(TeacherSpec.onnx(file, 112, 127.5f, 1f / 128f, 32), 1)) {
                e[epoch - 1] = t.embed(image, 1)[0];
            }
        }
        double diff = 0;
        for (int i = 0; i < 32; i++) {
            diff += Math.abs(e[0][i] - e[1][i]);
        }
        assertTrue(diff > 1e-3, "the two checkpoints are the same network");
        assertTrue(Files.isRegularFile(tmp.resolve("teacher.json")));
    }
}

package org.facenas.evaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.facenas.data.SharedData;
import org.facenas.evaluator.train.TeacherTargets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** PocketNet's multi-step KD: a teacher trained here, and a student whose epoch e learns from checkpoint e+1. */
class MultiStepKdTest {

    @Test
    void studentEpochELearnsFromCheckpointEPlusOneThenTheLast() {
        assertEquals(2, TeacherTargets.checkpointForEpoch(1, 4));
        assertEquals(4, TeacherTargets.checkpointForEpoch(3, 4));
        assertEquals(4, TeacherTargets.checkpointForEpoch(7, 4));
        assertEquals(1, TeacherTargets.checkpointForEpoch(1, 1));
    }

    @Test
    void aStudentDistilsFromATeacherTrajectoryTrainedHere(@TempDir Path tmp) throws Exception {
        Path celeba = SharedData.celeba112();
        Path teacher = tmp.resolve("teacher");
        CommandLine train = new CommandLine(new TeacherCommand());
        train.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, train.execute("train", "--arch", "stem_c16,ir_r1_k3_s2_e2_c24,ir_r1_k3_s2_e2_c32,head_c64_gdc_emb48", "--data",
                celeba.toString(), "--epochs", "3", "--identities", "6", "--images-per-identity", "4", "--batch", "12", "--out", teacher.toString()));
        StringWriter out = new StringWriter();
        CommandLine evaluate = new CommandLine(new EvaluateCommand());
        evaluate.setOut(new PrintWriter(out));
        int code = evaluate.execute("--arch", "stem_c16,ir_r1_k3_s2_e2_c24,ir_r1_k3_s2_e2_c32,head_c64_gdc_emb32", "--data", celeba.toString(),
                "--proxy", "tiny", "--teacher-trajectory", teacher.toString(), "--teacher-cache", tmp.resolve("cache").toString(),
                "--latency-runs", "0", "--json");
        assertEquals(0, code, out.toString());
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertEquals("OK", r.get("status").asText());
        assertTrue(r.get("kd").asText().contains("multistep(3 checkpoints)"), r.get("kd").asText());
        assertTrue(r.get("studentTeacherCosine").isNumber(), "measured against the last checkpoint (48-d via the projection)");
    }
}

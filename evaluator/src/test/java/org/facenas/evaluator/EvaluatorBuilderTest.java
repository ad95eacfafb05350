package org.facenas.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.facenas.distill.teacher.TeacherEmbeddings;
import org.facenas.evaluator.onnx.OnnxLatencyProbe;
import org.facenas.evaluator.train.Distillation;
import org.facenas.evaluator.train.KdSettings;
import org.facenas.evaluator.train.ProxySettings;
import org.junit.jupiter.api.Test;

/** The assembly rules every command shares (the training itself is checked by ProxyEvaluatorTest and the CLI tests). */
class EvaluatorBuilderTest {

    @Test
    void oneLatencyRuleForEveryCommand() {
        assertSame(LatencyProbe.NONE, OnnxLatencyProbe.ofRuns(0));
        assertEquals(new OnnxLatencyProbe(112, 10, 50), OnnxLatencyProbe.ofRuns(50));
        assertEquals(OnnxLatencyProbe.standard(), OnnxLatencyProbe.ofRuns(50));
        assertEquals(new OnnxLatencyProbe(112, 5, 3), OnnxLatencyProbe.ofRuns(3), "at least 5 untimed runs");
        var e = assertThrows(IllegalArgumentException.class, () -> EvaluatorBuilder.of(ProxySettings.preset("tiny"), null).latencyRuns(-3));
        assertTrue(e.getMessage().contains("-3"), e.getMessage());
    }

    @Test
    void distillationIsOneTeacherOrOneTrajectory() {
        TeacherEmbeddings t = new TeacherEmbeddings("h", List.of("a/a_0001.jpg"), new float[][] {{1, 0, 0}}, new float[][] {{0, 1, 0}});
        KdSettings kd = KdSettings.parse("pocketnet", null);
        assertEquals(3, Distillation.from(kd, t).dimension());
        assertEquals(3, Distillation.fromTrajectory(kd, List.of(t, t)).dimension());
        assertThrows(IllegalArgumentException.class, () -> new Distillation(kd, t, List.of(t)));
        assertThrows(IllegalArgumentException.class, () -> Distillation.fromTrajectory(kd, List.of()));
        assertThrows(NullPointerException.class, () -> Distillation.from(null, t));
    }
}

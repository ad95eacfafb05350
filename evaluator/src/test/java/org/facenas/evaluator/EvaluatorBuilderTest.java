package org.facenas.evaluator;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facenas.records.proxy.ProxySettings;
import org.junit.jupiter.api.Test;

/**
 * The assembly rules every command shares (the training itself is checked by ProxyEvaluatorTest and the CLI tests,
 * the latency warm-up by OnnxLatencyProbeTest, the teacher-or-trajectory rule by DistillationTest).
 */
class EvaluatorBuilderTest {

    @Test
    void aNegativeLatencyRunCountIsRefusedNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> EvaluatorBuilder.of(ProxySettings.preset("tiny"), null).latencyRuns(-3));
        assertTrue(e.getMessage().contains("-3"), e.getMessage());
    }
}

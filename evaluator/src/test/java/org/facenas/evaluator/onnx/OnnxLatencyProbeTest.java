package org.facenas.evaluator.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.facenas.evaluator.LatencyProbe;
import org.junit.jupiter.api.Test;

/** The one warm-up rule every command's latency follows (the timing itself is checked by OnnxExporterTest). */
class OnnxLatencyProbeTest {

    @Test
    void oneWarmUpRuleForEveryCommand() {
        assertSame(LatencyProbe.NONE, OnnxLatencyProbe.ofRuns(0));
        assertEquals(new OnnxLatencyProbe(112, 10, 50), OnnxLatencyProbe.ofRuns(50));
        assertEquals(OnnxLatencyProbe.standard(), OnnxLatencyProbe.ofRuns(50));
        assertEquals(new OnnxLatencyProbe(112, 5, 3), OnnxLatencyProbe.ofRuns(3), "at least 5 untimed runs");
    }
}

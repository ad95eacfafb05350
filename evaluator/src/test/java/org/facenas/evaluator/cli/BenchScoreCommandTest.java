package org.facenas.evaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.facenas.cli.OneLineErrors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchScoreCommandTest {

    @Test
    void printsBothEnginesSideBySideWithTheirAgreement() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchScoreCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--arch", "stem_c16,ir_r1_k3_s2_e2_c24,ir_r1_k3_s2_e2_c32_se0.25,head_c64_gdc_emb32", "--proxies", "tiny",
                "--images", "24", "--repeats", "1", "--json");
        assertEquals(0, code);
        JsonNode rows = new ObjectMapper().readTree(out.toString());
        assertEquals(2, rows.size(), out.toString());
        assertEquals("dl4j", rows.get(0).get("engine").asText());
        assertEquals("onnx_runtime", rows.get(1).get("engine").asText());
        assertEquals(1.0, rows.get(0).get("ratioToDl4j").asDouble(), 1e-12, "DL4J against itself");
        for (JsonNode r : rows) {
            assertEquals(24, r.get("images").asInt());
            assertEquals(32, r.get("inputSize").asInt(), "the tiny proxy's input size");
            assertTrue(r.get("imagesPerSecond").asDouble() > 0, r.toString());
        }
        assertTrue(rows.get(1).get("maxRelativeDifference").asDouble() <= 1e-4, "ONNX Runtime agrees with DL4J: " + rows.get(1));
    }

    @Test
    void anUnknownProxyIsOneLineNamingIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = OneLineErrors.install(new CommandLine(new BenchScoreCommand()));
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--proxies", "nope", "--images", "4"));
        String e = err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("nope"), e);
    }
}

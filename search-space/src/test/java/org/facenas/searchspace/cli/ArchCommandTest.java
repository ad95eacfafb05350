package org.facenas.searchspace.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.facenas.cli.OneLineErrors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ArchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = OneLineErrors.install(new CommandLine(new ArchCommand()));
        cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void showJsonCarriesTheNamedCostFields() throws Exception {
        assertEquals(0, run("show", "mobilefacenet", "--json"));
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals(1_003_136, j.get("params").asLong());
        assertEquals(2 * j.get("macs").asLong(), j.get("flops").asLong());
        assertEquals(4 * j.get("params").asLong(), j.get("sizeBytes").asLong());
        assertTrue(j.get("blockString").asText().startsWith("stem_c64,ir_r5_k3_s2_e2_c64"));
        assertEquals(7, j.get("stages").size());
    }

    @Test
    void showTableListsEveryStageAndTheTotal() {
        assertEquals(0, run("show", "stem_c32,ds_r1_k3_s1_c16,head_c128_gap_emb64", "--input", "64"));
        String table = out.toString();
        assertTrue(table.contains("input 3x64x64"), table);
        assertTrue(table.contains("stage1   ds_r1_k3_s1_c16"), table);
        assertTrue(table.contains("total"), table);
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() {
        assertEquals(2, run("show", "stem_c64,ir_r2_k3,head_c512_gdc_emb128"));
        String e = err.toString().strip();
        assertTrue(e.startsWith("arch show: malformed block string at token 2 'ir_r2_k3'"), e);
        assertEquals(1, e.lines().count());
        err.getBuffer().setLength(0);
        assertEquals(2, run("show", "mobilefacenet", "--input", "many"));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void listShowsEveryZooModelWithTheBudgetsItFits() {
        assertEquals(0, run("list"));
        String table = out.toString();
        assertTrue(table.lines().anyMatch(l -> l.startsWith("mbf-insightface") && l.contains("lfr-light")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("mobilefacenet ") && !l.contains("pocketnet-s")), table);
    }
}

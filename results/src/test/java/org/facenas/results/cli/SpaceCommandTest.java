package org.facenas.results.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facenas.results.SearchConfig;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.budget.Budget;
import org.facenas.cli.OneLineErrors;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.codec.SpaceMembers;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SpaceCommandTest {

    /** The shipped mbf-local's text, to write as a user's space file. */
    static String mbfLocalText(String name) throws Exception {
        try (var in = SearchSpace.class.getResourceAsStream("/org/facenas/searchspace/spaces/mbf-local.yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("name: mbf-local", "name: " + name);
        }
    }

    /** The 1-based line of the first line containing {@code text}. */
    static int lineOf(String yaml, String text) {
        return (int) yaml.substring(0, yaml.indexOf(text)).chars().filter(ch -> ch == '\n').count() + 1;
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = OneLineErrors.install(new CommandLine(new SpaceCommand()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void showsMbfLocalWithItsBudgetShareAndZooMembership() throws Exception {
        assertEquals(0, run("show", "mbf-local", "--budget", "maxMflops=442.3", "--samples", "400", "--json"), err.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals("mbf-local", j.get("space").asText());
        SpaceMembers members = new SpaceMembers(SearchSpace.named("mbf-local"));
        assertEquals(members.count().toString(), j.get("architectures").asText());
        assertTrue(j.get("fewestMflops").get("mflops").asDouble() < 442.3);
        assertTrue(j.get("mostMflops").get("mflops").asDouble() > 442.3);
        // the sampled share against an independent count over other draws of the same uniform sampler
        JsonNode b = j.get("budget");
        assertEquals(400, b.get("samples").asInt());
        Budget budget = SpaceCommand.parseBudget("maxMflops=442.3");
        java.util.SplittableRandom random = new java.util.SplittableRandom(99);
        int in = 0;
        int n = 400;
        for (int i = 0; i < n; i++) {
            Architecture a = members.sample(random);
            in += budget.allows(a, CostModel.of(a)) ? 1 : 0;
        }
        double other = in / (double) n;
        double lo = b.get("shareLo").asDouble();
        double hi = b.get("shareHi").asDouble();
        assertTrue(lo < hi && b.get("share").asDouble() >= lo && b.get("share").asDouble() <= hi);
        // two independent 400-draw estimates of one share agree within both intervals' reach
        assertTrue(other > lo - (hi - lo) && other < hi + (hi - lo), other + " vs [" + lo + ", " + hi + "]");
        boolean sawMbf512 = false;
        for (JsonNode z : j.get("zoo")) {
            if (z.get("name").asText().startsWith("mobilefacenet")) {
                assertTrue(z.get("inSpace").asBoolean(), z.toString());
                int[] genotype = new ObjectMapper().convertValue(z.get("genotype"), int[].class);
                assertEquals(Zoo.get(z.get("name").asText()).blockString(),
                        ArchitectureCodec.of(SearchSpace.named("mbf-local")).decode(genotype).blockString());
                sawMbf512 |= z.get("name").asText().equals("mobilefacenet-512");
            }
            if (z.get("name").asText().equals("mbf-insightface")) {
                assertFalse(z.get("inSpace").asBoolean());
                assertEquals("stem stem_c128_g64 is not the space's stem_c64", z.get("reason").asText());
                assertTrue(z.get("genotype").isNull());
            }
        }
        assertTrue(sawMbf512);
    }

    @Test
    void tableAndConfigForm(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("spaces"));
        Files.writeString(dir.resolve("spaces/mine.yaml"), mbfLocalText("mine"));
        Path config = dir.resolve("c.yaml");
        Files.writeString(config, "name: x\ndata: /tmp\npopulationSize: 4\ngenerations: 1\nspace: spaces/mine.yaml\n"
                + "budget: {maxMflops: 400}\n");
        assertEquals(0, run("show", "--config", config.toString(), "--samples", "50"), err.toString());
        String table = out.toString();
        assertTrue(table.startsWith("space mine: 5 stages, 43 genes,"), table);
        assertTrue(table.contains("budget custom (MFLOPs < 400): ") && table.contains(" of 50 sampled members fit"), table);
        assertTrue(table.contains("mobilefacenet-512  yes  ["), table);
        assertTrue(table.contains("ds-face-k7         no   stem stem_c32 is not the space's stem_c64"), table);
        assertEquals("", err.toString());
    }

    @Test
    void badInputIsOneLineExitTwo(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        String text = mbfLocalText("bad");
        Files.writeString(bad, text.replace("kernels: [3, 5]", "kernels: [3, 3]"));
        assertEquals(2, run("show", bad.toString()));
        assertEquals("space show: search space " + bad + " line " + lineOf(text, "kernels: [3, 5]")
                + ": defaults.kernels lists 3 twice: each choice once", err.toString().trim());
        err.getBuffer().setLength(0);
        assertEquals(2, run("show", "mbf-space", "--budget", "maxFlops=3"));
        assertTrue(err.toString().startsWith("space show: --budget: unknown limit 'maxFlops'"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("show", "no-such-space"));
        assertTrue(err.toString().contains("unknown search space 'no-such-space': use a shipped space (mbf-local, mbf-space)"),
                err.toString());
    }

    @Test
    void aConfigsSpaceFileIsRelativeToTheConfigAndItsBudgetIsCheckedOnLoad(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("spaces"));
        Files.writeString(dir.resolve("spaces/mine.yaml"), mbfLocalText("mine"));
        String base = "name: x\ndata: /tmp\npopulationSize: 4\ngenerations: 1\nspace: spaces/mine.yaml\n";
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, base);
        SearchConfig c = SearchConfig.load(ok);
        assertEquals(dir.resolve("spaces/mine.yaml").toAbsolutePath().normalize().toString(), c.space());
        assertEquals("mine", SearchSpace.named(c.space()).name());
        Path tooTight = dir.resolve("tight.yaml");
        Files.writeString(tooTight, base + "budget: {maxMflops: 1}\n");
        String e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SearchConfig.load(tooTight)).getMessage();
        assertTrue(e.startsWith("config " + tooTight + " line 6: budget custom (MFLOPs < 1) leaves no member of search space "
                + "'mine': its fewest MFLOPs are"), e);
        Path missing = dir.resolve("missing.yaml");
        Files.writeString(missing, base.replace("spaces/mine.yaml", "spaces/other.yaml"));
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SearchConfig.load(missing)).getMessage();
        assertTrue(e.startsWith("config " + missing + " line 5: space: unknown search space 'spaces/other.yaml'"), e);
        String text = mbfLocalText("broken");
        Files.writeString(dir.resolve("spaces/broken.yaml"), text.replace("se: [0, 0.25]", "se: [0, 2]"));
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, base.replace("mine.yaml", "broken.yaml"));
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SearchConfig.load(broken)).getMessage();
        assertTrue(e.contains("broken.yaml line " + lineOf(text, "se: [0, 0.25]") + ": defaults.se '2': SE ratio 2.0 is out of range 0..1"), e);
        assertFalse(e.contains("\n"));
    }
}

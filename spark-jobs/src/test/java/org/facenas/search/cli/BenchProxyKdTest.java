package org.facenas.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facenas.data.SharedData;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxyOverrides;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.results.SearchConfig;
import org.facenas.search.bench.BenchEnvironment;
import org.facenas.search.bench.BenchRunDirectory;
import org.facenas.search.bench.BenchTask;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench proxy trains every task with the whole KD of the config (or of --kd): the kind alone at its default weight
 * measured another training than the search's (quickstart: warm-up, teacher-initialised head, 96 extra faces, weight 30).
 */
class BenchProxyKdTest {

    static final Path CONFIGS = Path.of(System.getProperty("facenas.root", "..")).resolve("configs");

    @Test
    void theConfigsWholeKdSpecIsWhatTheTasksTrainWith() throws Exception {
        SearchConfig quickstart = SearchConfig.load(CONFIGS.resolve("quickstart.yaml"));
        KdSettings kd = BenchProxyCommand.kdSettings(quickstart, null);
        assertEquals(quickstart.teacher().kdSettings(), kd);
        assertEquals(96, kd.extra());
        assertEquals("cosine+warmup=0.3+head+extra=96@30.0", kd.spec());
        assertEquals(kd, KdSettings.parse(kd.spec(), null), "the recorded spec reads back as the same training");
    }

    @Test
    void kdOverridesTheConfigsAndNeedsATeacher(@TempDir Path tmp) throws Exception {
        SearchConfig quickstart = SearchConfig.load(CONFIGS.resolve("quickstart.yaml"));
        assertEquals(KdSettings.parse(KdSettings.DEFAULT, null), BenchProxyCommand.kdSettings(quickstart, "default"));
        assertNull(BenchProxyCommand.kdSettings(quickstart, "none"));
        Path noTeacher = tmp.resolve("plain.yaml");
        Files.writeString(noTeacher, Files.readString(CONFIGS.resolve("quickstart.yaml")).replaceAll("(?s)\nteacher:.*?\ntaskCpus", "\ntaskCpus")
                .replace("name: quickstart", "name: plain"));
        SearchConfig plain = SearchConfig.load(noTeacher);
        assertNull(plain.teacher(), "the test config has no teacher");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchProxyCommand.kdSettings(plain, "default"));
        assertTrue(e.getMessage().startsWith("--kd default needs a teacher") && !e.getMessage().contains("\n"), e.getMessage());
        assertNull(BenchProxyCommand.kdSettings(plain, null));
    }

    @Test
    void trainOnlyNamesSelectedArchitecturesOrIsAOneLineError(@TempDir Path tmp) throws Exception {
        Path shared = SharedData.root();
        Path config = tmp.resolve("quickstart.yaml");
        Files.writeString(config, Files.readString(CONFIGS.resolve("quickstart.yaml")).replace("../shared", shared.toString()));
        for (String[] bad : new String[][] {{"--train-only", "s99"}, {"--kd", "similarity+head"}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("bench", "proxy", "--config", config.toString(), "--sample", "4",
                    "--out", tmp.resolve("never").toString()));
            args.addAll(java.util.List.of(bad));
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine cli = FaceNas.commandLine();
            cli.setErr(new java.io.PrintWriter(err));
            assertEquals(2, cli.execute(args.toArray(String[]::new)), err.toString());
            assertTrue(err.toString().contains(bad[0] + " " + bad[1] + ":"), err.toString());
            assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
        }
        assertTrue(!Files.exists(tmp.resolve("never").resolve("records.jsonl")), "nothing trained");
    }

    /** A continued bench embeds a teacher only for a proxy with a task left to train (zero-cost proxies never train). */
    @Test
    void teachersAreEmbeddedOnlyForProxiesWithTasksLeft(@TempDir Path tmp) throws Exception {
        ProxySettings zeroCost = ProxyOverrides.parse("zero-cost");
        ProxySettings quick = ProxySettings.preset("quick");
        ProxySettings screen = ProxySettings.preset("screen");
        String arch = Zoo.resolve("mobilefacenet").blockString();
        List<BenchTask> tasks = new ArrayList<>();
        for (var p : List.of(zeroCost, screen, quick)) {
            for (long seed : List.of(1L, 2L)) {
                tasks.add(new BenchTask("mobilefacenet", arch, p, seed, p.zeroCostOnly() ? "none" : "default"));
            }
        }
        try (BenchRunDirectory run = BenchRunDirectory.open(tmp.resolve("bench"))) {
            assertEquals(java.util.Set.of(zeroCost, screen, quick), java.util.Set.copyOf(BenchEnvironment.proxiesLeft(tasks, run)));
            ObjectNode result = new ObjectMapper().createObjectNode().put("status", "OK");
            // every quick task and one of screen's recorded: screen still trains, quick does not
            tasks.stream().filter(t -> t.proxy() == quick || (t.proxy() == screen && t.seed() == 1)).forEach(t -> run.append(t, result, "test"));
            assertEquals(java.util.Set.of(zeroCost, screen), java.util.Set.copyOf(BenchEnvironment.proxiesLeft(tasks, run)));
            tasks.stream().filter(t -> t.proxy() == screen).forEach(t -> run.append(t, result, "test"));
            assertEquals(java.util.Set.of(zeroCost), java.util.Set.copyOf(BenchEnvironment.proxiesLeft(tasks, run)));
        }
    }
}

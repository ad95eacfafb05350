package org.facenas.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class FaceNasTest {

    @Test
    void everyModulesCommandsAreReachableFromTheLauncher() {
        CommandLine cli = FaceNas.commandLine();
        assertEquals(List.of("arch", "space", "data", "evaluate", "bench", "teacher", "search", "front", "export", "report", "train", "confirm",
                "retrain"),
                // hidden commands (cli-docs, which writes docs/cli.md) are for the project, not its users
                List.copyOf(cli.getSubcommands().keySet()).stream().filter(n -> !n.equals("help")
                        && !cli.getSubcommands().get(n).getCommandSpec().usageMessage().hidden()).toList());
        assertTrue(cli.getSubcommands().get("bench").getSubcommands().containsKey("search"),
                "bench search is a subcommand of bench");
    }

    /** One declaration of bench, every benchmark in it: its own command line has them all, in the help's order. */
    @Test
    void benchIsDeclaredOnceWithEveryBenchmark() {
        List<String> all = List.of("train", "latency", "search", "kd", "proxy", "predictor", "score");
        assertEquals(all, List.copyOf(new CommandLine(new BenchCommand()).getSubcommands().keySet()));
        assertEquals(all, List.copyOf(FaceNas.commandLine().getSubcommands().get("bench").getSubcommands().keySet()));
    }

    @Test
    void theOldBenchSearchSpellingIsAOneLineUsageError() {
        CommandLine cli = FaceNas.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("bench-search", "--config", "x.yaml"));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }
}

package org.facenas.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.facenas.results.SearchConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The user docs against the code: every search-config key is documented, docs/cli.md is what the live picocli model
 * prints, and every {@code bin/facenas ...} line printed in README.md and docs/*.md parses with the real command line
 * (parsed, never executed: an unknown command or option, a missing required option or a value of the wrong type fails).
 */
class DocsTest {

    static final Path ROOT = Path.of(System.getProperty("facenas.root", "..")).toAbsolutePath().normalize();

    @Test
    void everySearchConfigKeyIsInConfigMd() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/config.md"));
        List<String> keys = new ArrayList<>();
        configKeys(SearchConfig.class, "", keys);
        assertTrue(keys.size() > 30, "config keys found by reflection: " + keys);
        List<String> missing = keys.stream().filter(k -> !doc.contains("| `" + k + "` |")).toList();
        assertTrue(missing.isEmpty(), "docs/config.md has no table row `| `KEY` |` for " + missing);
    }

    /** A record's components; nested config records (budget, teacher, fidelity, mnas) as parent.child. */
    static void configKeys(Class<?> type, String prefix, List<String> into) {
        for (RecordComponent c : type.getRecordComponents()) {
            String key = prefix + c.getName();
            into.add(key);
            if (c.getType().isRecord() && c.getType().getName().startsWith("org.facenas")) {
                configKeys(c.getType(), key + ".", into);
            }
        }
    }

    @Test
    void theGenerationsTableListsEveryGenerationRecordFieldInTheOrderWritten() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/run-directory.md"));
        String table = doc.substring(doc.indexOf("## `generations.jsonl`"), doc.indexOf("## `state.json`"));
        List<String> documented = new ArrayList<>();
        table.lines().filter(l -> l.startsWith("| `")).forEach(l -> {
            for (String name : l.split("\\|")[1].split(",")) {
                documented.add(name.strip().replace("`", ""));
            }
        });
        List<String> written = Stream.of(org.facenas.results.GenerationRecord.class.getRecordComponents()).map(RecordComponent::getName).toList();
        assertEquals(written, documented, "docs/run-directory.md's generations.jsonl table against GenerationRecord");
    }

    @Test
    void cliMdIsWhatTheCommandModelPrints() throws IOException {
        String expected = CliDocsCommand.markdown(FaceNas.commandLine());
        Path file = ROOT.resolve("docs/cli.md");
        String actual = Files.isRegularFile(file) ? Files.readString(file) : "";
        assertEquals(expected, actual, "docs/cli.md differs from the live help: regenerate it with `"
                + CliDocsCommand.REGENERATE + "` (after building the jar) and commit it");
    }

    @Test
    void everyCommandHasHelp() {
        List<String> without = new ArrayList<>();
        walk(FaceNas.commandLine(), c -> {
            if (c.getCommandSpec().optionsMap().get("--help") == null) {
                without.add(c.getCommandSpec().qualifiedName());
            }
        });
        assertTrue(without.isEmpty(), "commands without --help: " + without);
    }

    private static void walk(CommandLine c, java.util.function.Consumer<CommandLine> visit) {
        visit.accept(c);
        c.getSubcommands().values().stream().distinct().forEach(s -> walk(s, visit));
    }

    @Test
    void everyPrintedCommandLineParses() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        Path benchmarks = ROOT.resolve("BENCHMARKS.md");
        if (Files.isRegularFile(benchmarks)) {
            files.add(benchmarks);
        }
        List<String> failures = new ArrayList<>();
        int parsed = 0;
        for (Path f : files) {
            for (PrintedCommand line : PrintedCommand.in(Files.readString(f))) {
                parsed++;
                try {
                    FaceNas.commandLine().parseArgs(line.args().toArray(String[]::new));
                } catch (CommandLine.ParameterException e) {
                    failures.add(ROOT.relativize(f) + ":" + line.lineNumber() + ": " + line.text() + "\n    -> " + e.getMessage());
                }
            }
        }
        assertTrue(parsed >= 10, "too few bin/facenas lines found (" + parsed + "): is the scanner broken?");
        assertTrue(failures.isEmpty(), failures.size() + " printed command lines do not parse:\n" + String.join("\n", failures));
    }

    @Test
    void theScannerFindsBlockAndInlineCommandsAndRejectsAWrongOne() {
        String md = """
                Run `bin/facenas front runs/x --json` then:

                ```bash
                bin/facenas search --config configs/quickstart.yaml \\
                    --out runs/q   # a comment
                $ bin/facenas arch show 'stem_c64,head_c512_gdc_emb128' --json
                ```
                """;
        List<PrintedCommand> lines = PrintedCommand.in(md);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals(List.of("front", "runs/x", "--json"), lines.get(0).args());
        assertEquals(List.of("search", "--config", "configs/quickstart.yaml", "--out", "runs/q"), lines.get(1).args());
        assertEquals(List.of("arch", "show", "stem_c64,head_c512_gdc_emb128", "--json"), lines.get(2).args());
        for (PrintedCommand ok : lines) {
            FaceNas.commandLine().parseArgs(ok.args().toArray(String[]::new));
        }
        List<PrintedCommand> wrong = PrintedCommand.in("`bin/facenas front runs/x --no-such-option`");
        assertEquals(1, wrong.size());
        assertFalse(parses(wrong.get(0)), "an unknown option must fail the parse");
    }

    private static boolean parses(PrintedCommand c) {
        try {
            FaceNas.commandLine().parseArgs(c.args().toArray(String[]::new));
            return true;
        } catch (CommandLine.ParameterException e) {
            return false;
        }
    }
}

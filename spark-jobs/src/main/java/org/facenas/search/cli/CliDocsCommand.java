package org.facenas.search.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code facenas cli-docs}: docs/cli.md written from the live picocli model, so the reference cannot drift from the
 * help (DocsTest fails when the committed file differs). Hidden: it documents the commands, it is not one of them.
 */
@Command(name = "cli-docs", hidden = true, mixinStandardHelpOptions = true,
        description = "Write the command reference (docs/cli.md) from the live command model.")
public final class CliDocsCommand implements Callable<Integer> {

    /** The command that rewrites docs/cli.md; DocsTest prints it when the file is stale. */
    public static final String REGENERATE = "bin/facenas cli-docs --out docs/cli.md";

    /** Fixed, so the file does not depend on the terminal that wrote it. */
    static final int WIDTH = 110;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", description = "write here instead of stdout")
    Path out;

    @Override
    public Integer call() throws IOException {
        String text = markdown(FaceNas.commandLine());
        if (out == null) {
            PrintWriter w = spec.commandLine().getOut();
            w.print(text);
            w.flush();
        } else {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        }
        return 0;
    }

    /** The reference: an index of every visible command, then each command's help as picocli prints it. */
    public static String markdown(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        StringBuilder b = new StringBuilder();
        b.append("# Command reference\n\n");
        b.append("Generated from the picocli model; do not edit. Regenerate after changing a command with\n\n");
        b.append("```bash\n").append(REGENERATE).append("\n```\n\n");
        b.append("(`DocsTest` fails while this file differs from what that command writes.) Every command takes `--help`.\n");
        b.append("Bad input is one line on stderr and exit code 2.\n\n");
        b.append("| command | does |\n|---|---|\n");
        for (CommandLine c : all) {
            b.append("| [`").append(c.getCommandSpec().qualifiedName()).append("`](#").append(anchor(c)).append(") | ")
                    .append(firstLine(c).replace("|", "\\|")).append(" |\n");
        }
        for (CommandLine c : all) {
            b.append("\n## ").append(c.getCommandSpec().qualifiedName()).append("\n\n```text\n");
            c.setUsageHelpWidth(WIDTH);
            String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            b.append(usage.stripTrailing().lines().map(String::stripTrailing).reduce((x, y) -> x + "\n" + y).orElse(""));
            b.append("\n```\n");
        }
        return b.toString();
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        if (c.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        into.add(c);
        c.getSubcommands().values().stream().distinct().forEach(s -> collect(s, into));
    }

    private static String firstLine(CommandLine c) {
        String d = String.join(" ", c.getCommandSpec().usageMessage().description());
        return d.replace("%%", "%").replace("%n", " ").replaceAll("\\s+", " ").strip();
    }

    /** GitHub's heading anchor: lower case, spaces to hyphens. */
    private static String anchor(CommandLine c) {
        return c.getCommandSpec().qualifiedName().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}

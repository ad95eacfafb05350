package org.facenas.cli;

import org.facenas.data.cli.DataCommand;
import org.facenas.evaluator.cli.BenchCommand;
import org.facenas.evaluator.cli.EvaluateCommand;
import org.facenas.evaluator.cli.TeacherCommand;
import org.facenas.search.BenchSearchCommand;
import org.facenas.search.SearchCommand;
import org.facenas.results.cli.ExportCommand;
import org.facenas.results.cli.FrontCommand;
import org.facenas.results.cli.ReportCommand;
import org.facenas.results.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code facenas} command line: every module's commands under one launcher. */
@Command(name = "facenas", mixinStandardHelpOptions = true, version = "FaceNAS 0.1.0",
        description = "Search for compact face-recognition networks under a hard budget.",
        subcommands = {ArchCommand.class, DataCommand.class, EvaluateCommand.class, BenchCommand.class, TeacherCommand.class, SearchCommand.class,
                FrontCommand.class, ExportCommand.class, ReportCommand.class, TrainCommand.class, BenchSearchCommand.class})
public final class FaceNas {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new FaceNas());
        // bench lives in the evaluator, which cannot see the Spark benchmarks built on top of it
        cli.getSubcommands().get("bench").addSubcommand("proxy", new org.facenas.search.cli.BenchProxyCommand());
        return OneLineErrors.install(cli).execute(args);
    }
}

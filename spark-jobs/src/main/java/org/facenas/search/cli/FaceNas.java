package org.facenas.search.cli;

import org.facenas.cli.OneLineErrors;
import org.facenas.data.cli.DataCommand;
import org.facenas.evaluator.cli.EvaluateCommand;
import org.facenas.evaluator.cli.TeacherCommand;
import org.facenas.evaluator.cli.TrainCommand;
import org.facenas.results.cli.FrontCommand;
import org.facenas.results.cli.ReportCommand;
import org.facenas.results.cli.SpaceCommand;
import org.facenas.searchspace.cli.ArchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code facenas} command line: every module's commands under one launcher. */
@Command(name = "facenas", mixinStandardHelpOptions = true, version = "FaceNAS 0.1.0",
        description = "Search for compact face-recognition networks under a hard budget.",
        subcommands = {ArchCommand.class, SpaceCommand.class, DataCommand.class, EvaluateCommand.class, BenchCommand.class, TeacherCommand.class, SearchCommand.class,
                FrontCommand.class, ExportCommand.class, ReportCommand.class, TrainCommand.class, ConfirmCommand.class, RetrainCommand.class})
public final class FaceNas {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The launcher's command line with the one-line error handling. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FaceNas());
        cli.addSubcommand("cli-docs", new CliDocsCommand());
        return OneLineErrors.install(RenamedOptions.install(cli));
    }
}

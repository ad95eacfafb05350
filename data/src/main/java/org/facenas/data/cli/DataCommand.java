package org.facenas.data.cli;

import java.util.concurrent.Callable;
import org.facenas.cli.OneLineErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code facenas data}: prepare face datasets (align / split / check). The top-level
 * {@code facenas} launcher adds this as a subcommand; {@link #commandLine()} gives a
 * stand-alone {@link CommandLine} with the same one-line error handling.
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Data preparation: detect, align, split, check, pack, unpack face datasets and import benchmarks.",
        subcommands = {AlignCommand.class, SplitCommand.class, CheckCommand.class, PackCommand.class,
                UnpackCommand.class, ImportCommand.class})
public final class DataCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return OneLineErrors.BAD_INPUT;
    }

    /** A {@link CommandLine} for this command with the launcher's one-line error handling (bad input: exit 2). */
    public static CommandLine commandLine() {
        return OneLineErrors.install(new CommandLine(new DataCommand()));
    }
}

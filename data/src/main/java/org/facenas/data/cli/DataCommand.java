package org.facenas.data.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code facenas data}: prepare face datasets (align / split / check). The top-level
 * {@code facenas} launcher adds this as a subcommand; {@link #commandLine()} gives a
 * stand-alone {@link CommandLine} with the one-line error handling used in tests.
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Data preparation: detect, align, split, check, pack and unpack face datasets.",
        subcommands = {AlignCommand.class, SplitCommand.class, CheckCommand.class, PackCommand.class,
                UnpackCommand.class})
public final class DataCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }

    /**
     * A {@link CommandLine} for this command whose option-parsing errors (unknown option, a
     * number that does not parse, a missing required option) print one line plus a hint and
     * exit with 2. The launcher may install {@link #oneLineErrors()} the same way.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DataCommand());
        cl.setParameterExceptionHandler(oneLineErrors());
        return cl;
    }

    /** Parameter error handler: one line naming the problem, then how to get help; exit 2. */
    public static CommandLine.IParameterExceptionHandler oneLineErrors() {
        return (ex, args) -> {
            CommandLine cl = ex.getCommandLine();
            cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                    + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
            cl.getErr().flush();
            return ExitCodes.BAD_INPUT;
        };
    }
}

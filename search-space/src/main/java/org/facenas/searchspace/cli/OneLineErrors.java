package org.facenas.searchspace.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr. Bad input (an {@link IllegalArgumentException} or a picocli usage
 * error) exits {@value #BAD_INPUT}; anything else exits 1 and prints the stack trace only with FACENAS_DEBUG=1.
 */
public final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    public static final int BAD_INPUT = 2;

    public static CommandLine install(CommandLine cli) {
        OneLineErrors handler = new OneLineErrors();
        return cli.setExecutionExceptionHandler(handler).setParameterExceptionHandler(handler);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        String command = cli.getCommandSpec().qualifiedName();
        if (ex instanceof IllegalArgumentException) {
            err.println(command + ": " + ex.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        err.println(command + ": " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
                + (debug() ? "" : " (set FACENAS_DEBUG=1 for the stack trace)"));
        if (debug()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                + " (see --help)");
        cli.getErr().flush();
        return BAD_INPUT;
    }

    private static boolean debug() {
        return "1".equals(System.getenv("FACENAS_DEBUG"));
    }
}

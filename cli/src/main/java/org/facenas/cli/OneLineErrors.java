package org.facenas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr. Bad input (an {@link IllegalArgumentException} or a picocli usage
 * error) and a file that cannot be read or written (an I/O error, named with its file) exit {@value #BAD_INPUT};
 * anything else exits 1 and prints the stack trace only with FACENAS_DEBUG=1.
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
        IOException io = ex instanceof IOException e ? e : ex instanceof UncheckedIOException u ? u.getCause() : null;
        if (io != null) {
            String own = ex instanceof UncheckedIOException && ex.getMessage() != null && !ex.getMessage().equals(String.valueOf(io))
                    ? ex.getMessage() : describe(io);
            err.println(command + ": " + own.lines().findFirst().orElse(""));
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

    /** A file system error as "FILE: what went wrong" (the JDK's message is the bare path for most of them). */
    public static String describe(IOException e) {
        if (!(e instanceof FileSystemException f) || f.getFile() == null) {
            return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        }
        String why = f.getReason() != null ? f.getReason().toLowerCase(java.util.Locale.ROOT)
                : f instanceof NoSuchFileException ? "no such file or folder"
                : f instanceof AccessDeniedException ? "permission denied"
                : f instanceof FileAlreadyExistsException ? "already exists"
                : f instanceof NotDirectoryException ? "not a folder" : "cannot be read or written";
        return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + why;
    }

    private static boolean debug() {
        return "1".equals(System.getenv("FACENAS_DEBUG"));
    }
}

package org.facenas.data.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.facenas.data.lfw.LfwFormatException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Common error handling of the data subcommands: problems with the user's input become one line
 * on stderr and exit code 2, instead of a stack trace.
 */
abstract class DataSubcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The command's work; throw {@link IllegalArgumentException} with a one-line message for bad input. */
    abstract int run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (IllegalArgumentException | LfwFormatException e) {
            return badInput(e.getMessage());
        } catch (UncheckedIOException e) {
            return badInput(e.getMessage());
        }
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    int badInput(String message) {
        err().println(spec.qualifiedName() + ": " + message);
        err().flush();
        return ExitCodes.BAD_INPUT;
    }

    static Path requireFolder(Path dir, String option, String what) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is not an existing folder; pass " + what);
        }
        return dir;
    }

    static Path requireFile(Path file, String option, String what) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + " does not exist; pass " + what);
        }
        return file;
    }
}

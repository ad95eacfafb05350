package org.facenas.data.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.facenas.data.lfw.LfwFormatException;
import org.facenas.cli.OneLineErrors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Common error handling of the data subcommands: a malformed LFW file or an unreadable input becomes an
 * {@link IllegalArgumentException}, which the launcher's {@link OneLineErrors} prints as one line (exit code 2).
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
        } catch (LfwFormatException | UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    static Path requireFolder(Path dir, String option, String what) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is not an existing folder; pass " + what);
        }
        return dir;
    }

    static Path requireFile(Path file, String option, String what) {
        if (file != null && Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a folder, not a file; pass " + what);
        }
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + " does not exist; pass " + what);
        }
        return file;
    }
}

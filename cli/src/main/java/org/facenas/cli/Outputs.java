package org.facenas.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The one rule every command that writes follows, as a picocli mixin holding {@code --force}: it never replaces what
 * it did not make in this run. An output file that exists, or an output folder that holds anything, is a one-line
 * error naming it and {@code --force}, raised before any work starts; a command never writes into its own input,
 * even with {@code --force}.
 */
public final class Outputs {

    @Option(names = "--force", description = "replace an output that already exists (never an input of the command)")
    boolean force;

    public boolean force() {
        return force;
    }

    /** {@code file}, to be written: an error when it is a folder, or exists and --force was not given. */
    public Path file(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a folder: give the file to write");
        }
        if (Files.exists(file) && !force) {
            throw new IllegalArgumentException(option + " " + file + " already exists: pass --force to replace it, or choose another "
                    + option);
        }
        return file;
    }

    /** {@code dir}, to be written into: an error when it is a file, or holds anything and --force was not given. */
    public Path folder(String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is a file: give a folder to write into");
        }
        if (!force && holdsAnything(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " already holds files: pass --force to write into it, or choose a new or "
                    + "empty " + option);
        }
        return dir;
    }

    /** An error when {@code out} and the input {@code in} are one path or one lies inside the other. */
    public static void notInto(String outOption, Path out, String inOption, Path in) {
        Path o = real(out);
        Path i = real(in);
        if (o.startsWith(i) || i.startsWith(o)) {
            throw new IllegalArgumentException(outOption + " " + out + (o.equals(i) ? " is " : o.startsWith(i) ? " is inside " : " holds ")
                    + inOption + " " + in + ": a command never writes into its own input; choose another " + outOption);
        }
    }

    public static boolean holdsAnything(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The path with symbolic links resolved as far as it exists, so two spellings of one folder compare equal. */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }
}

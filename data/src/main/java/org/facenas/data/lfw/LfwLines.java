package org.facenas.data.lfw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Line cursor over an LFW text file that produces located {@link LfwFormatException}s. */
final class LfwLines {

    private final Path file;
    private final List<String> lines;
    private int next;

    private LfwLines(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    static LfwLines read(Path file) {
        try {
            // Trailing blank lines are common in hand-edited files and carry no meaning.
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            int end = all.size();
            while (end > 0 && all.get(end - 1).isBlank()) {
                end--;
            }
            return new LfwLines(file, all.subList(0, end));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    boolean hasNext() {
        return next < lines.size();
    }

    /** The next line, stripped, without consuming it; call only when {@link #hasNext()}. */
    String peekLine() {
        return lines.get(next).strip();
    }

    /** Fields of the next line (split on tabs or spaces); fails at end of file. */
    String[] nextFields(String expected) {
        if (!hasNext()) {
            throw error(lines.size() + 1, "unexpected end of file, expected " + expected,
                    "check the count in the header or the per-fold count lines");
        }
        String line = lines.get(next++).strip();
        return line.isEmpty() ? new String[0] : line.split("\\s+");
    }

    /** 1-based number of the line most recently returned. */
    int lineNumber() {
        return next;
    }

    int parseInt(String text, String what, String fix) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw error(next, what + " '" + text + "' is not an integer", fix);
        }
    }

    LfwFormatException error(int lineNumber, String problem, String fix) {
        return new LfwFormatException(file, lineNumber, problem, fix);
    }

    LfwFormatException error(String problem, String fix) {
        return error(next, problem, fix);
    }
}

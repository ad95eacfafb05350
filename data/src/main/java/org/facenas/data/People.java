package org.facenas.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An LFW-format people file: identities with their image counts. Reads both published forms: "N" then N lines
 * {@code name<TAB>count}, and LFW's folded form (a fold count, then per fold a count line and its lines).
 */
public record People(List<Identity> identities) {

    /** One identity and how many images it has. */
    public record Identity(String name, int images) {
    }

    public People {
        identities = List.copyOf(identities);
    }

    public static People read(Path file) {
        List<String> lines = lines(file);
        List<Identity> out = new ArrayList<>();
        int i = 0;
        int header = number(file, lines, i++);
        boolean folded = i < lines.size() && lines.get(i).split("\\s+").length == 1;
        int groups = folded ? header : 1;
        for (int g = 0; g < groups; g++) {
            int count = folded ? number(file, lines, i++) : header;
            for (int k = 0; k < count; k++, i++) {
                if (i >= lines.size()) {
                    throw new IllegalArgumentException(file + ": ends at line " + (i + 1) + " but its header promises more identities");
                }
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length != 2) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'name count', got '" + lines.get(i) + "'");
                }
                out.add(new Identity(f[0], parse(file, i, f[1])));
            }
        }
        return new People(out);
    }

    public void write(Path file) {
        StringBuilder s = new StringBuilder().append(identities.size()).append('\n');
        identities.forEach(id -> s.append(id.name()).append('\t').append(id.images()).append('\n'));
        try {
            Files.writeString(file, s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static List<String> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " does not exist: give an LFW-format people/pairs file");
        }
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static int number(Path file, List<String> lines, int i) {
        if (i >= lines.size()) {
            throw new IllegalArgumentException(file + " is empty: expected a count on line " + (i + 1));
        }
        return parse(file, i, lines.get(i).trim().split("\\s+")[0]);
    }

    static int parse(Path file, int lineIndex, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + (lineIndex + 1) + ": '" + value + "' is not a number");
        }
    }
}

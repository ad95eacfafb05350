package org.facenas.data.lfw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An LFW people file (people.txt, peopleDevTrain.txt, ...).
 *
 * <p>Two published forms exist and both are read:
 * <ul>
 *   <li>plain: first line {@code N}, then N lines {@code name<TAB>count} (peopleDevTrain.txt);</li>
 *   <li>folded: first line {@code folds}, then per fold a line {@code n} followed by n lines
 *       {@code name<TAB>count} (LFW View 2 people.txt).</li>
 * </ul>
 * The two are told apart by whether the line after the header is a single number.
 *
 * @param folds identities per fold; a plain file has exactly one fold
 * @param folded whether the file was (or should be written) in the folded form
 */
public record People(List<List<PersonCount>> folds, boolean folded) {

    public People {
        folds = folds.stream().map(List::copyOf).toList();
        if (!folded && folds.size() != 1) {
            throw new IllegalArgumentException("a plain people list has exactly one fold, got " + folds.size());
        }
    }

    /** A plain (unfolded) people list. */
    public static People plain(List<PersonCount> people) {
        return new People(List.of(people), false);
    }

    /** A folded people list, one inner list per fold. */
    public static People folded(List<List<PersonCount>> folds) {
        return new People(folds, true);
    }

    /** All identities over all folds, in file order. */
    public List<PersonCount> all() {
        return folds.stream().flatMap(List::stream).toList();
    }

    /** All identity names over all folds, in file order. */
    public List<String> names() {
        return all().stream().map(PersonCount::name).toList();
    }

    /**
     * Reads either form.
     *
     * @throws LfwFormatException   on a malformed line (message names file and line)
     * @throws UncheckedIOException if the file cannot be read
     */
    public static People read(Path file) {
        LfwLines in = LfwLines.read(file);
        String[] header = in.nextFields("a count line");
        if (header.length != 1) {
            throw in.error("header must be a single number (identity count or fold count)",
                    "start the file with N (then N 'name<TAB>count' lines) or with the number of folds");
        }
        int first = in.parseInt(header[0], "header", "start the file with a number");
        boolean folded = in.hasNext() && isSingleNumber(in.peekLine());
        if (!folded) {
            People people = plain(readPersons(in, first));
            expectEnd(in);
            return people;
        }
        List<List<PersonCount>> folds = new ArrayList<>();
        for (int f = 0; f < first; f++) {
            String[] countLine = in.nextFields("the person count of fold " + (f + 1));
            if (countLine.length != 1) {
                throw in.error("expected the person count of fold " + (f + 1) + ", got " + countLine.length + " fields",
                        "each fold starts with a line holding only its number of identities");
            }
            folds.add(readPersons(in, in.parseInt(countLine[0], "fold size", "write the fold's identity count")));
        }
        expectEnd(in);
        return folded(folds);
    }

    private static boolean isSingleNumber(String line) {
        return line.matches("\\d+");
    }

    private static List<PersonCount> readPersons(LfwLines in, int count) {
        List<PersonCount> persons = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String[] f = in.nextFields("a 'name<TAB>count' line");
            if (f.length != 2) {
                throw in.error("expected 'name<TAB>count', got " + f.length + " fields",
                        "write one identity per line as name<TAB>imageCount");
            }
            persons.add(new PersonCount(f[0], in.parseInt(f[1], "image count", "the second field is the image count")));
        }
        return persons;
    }

    private static void expectEnd(LfwLines in) {
        if (in.hasNext()) {
            in.nextFields("");
            throw in.error("extra line after the last listed identity",
                    "fix the count in the header (or the fold counts) or remove the extra lines");
        }
    }

    /** Writes in the form given by {@link #folded()}, tab separated, '\n' line ends. */
    public void write(Path file) {
        StringBuilder sb = new StringBuilder();
        if (folded) {
            sb.append(folds.size()).append('\n');
            for (List<PersonCount> fold : folds) {
                sb.append(fold.size()).append('\n');
                fold.forEach(p -> sb.append(p.name()).append('\t').append(p.imageCount()).append('\n'));
            }
        } else {
            sb.append(folds.get(0).size()).append('\n');
            folds.get(0).forEach(p -> sb.append(p.name()).append('\t').append(p.imageCount()).append('\n'));
        }
        try {
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

package org.facenas.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An LFW-format pairs file as published: a header "folds pairsPerFold" (each fold has pairsPerFold same pairs
 * then as many different pairs) or a single number (one fold of that many same then different pairs); same
 * pairs are {@code name n1 n2}, different pairs {@code name1 n1 name2 n2}.
 */
public record Pairs(int folds, List<Pair> pairs) {

    /** One verification pair; image numbers are 1-based as in LFW. */
    public record Pair(String name1, int image1, String name2, int image2, boolean same, int fold) {
    }

    public Pairs {
        pairs = List.copyOf(pairs);
    }

    public static Pairs read(Path file) {
        List<String> lines = People.lines(file);
        String[] header = lines.get(0).trim().split("\\s+");
        int folds = header.length == 2 ? People.parse(file, 0, header[0]) : 1;
        int perFold = People.parse(file, 0, header[header.length - 1]);
        List<Pair> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            int index = i - 1;
            int fold = Math.min(folds - 1, index / (2 * perFold));
            if (f.length == 3) {
                out.add(new Pair(f[0], People.parse(file, i, f[1]), f[0], People.parse(file, i, f[2]), true, fold));
            } else if (f.length == 4) {
                out.add(new Pair(f[0], People.parse(file, i, f[1]), f[2], People.parse(file, i, f[3]), false, fold));
            } else {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'name n1 n2' or 'name1 n1 name2 n2', got '"
                        + lines.get(i) + "'");
            }
        }
        if (out.size() != folds * 2 * perFold) {
            throw new IllegalArgumentException(file + ": header promises " + folds + " folds of " + (2 * perFold)
                    + " pairs but the file has " + out.size());
        }
        return new Pairs(folds, out);
    }

    public void write(Path file) {
        int perFold = pairs.size() / (2 * folds);
        StringBuilder s = new StringBuilder().append(folds).append('\t').append(perFold).append('\n');
        for (Pair p : pairs) {
            if (p.same()) {
                s.append(p.name1()).append('\t').append(p.image1()).append('\t').append(p.image2()).append('\n');
            } else {
                s.append(p.name1()).append('\t').append(p.image1()).append('\t').append(p.name2()).append('\t').append(p.image2()).append('\n');
            }
        }
        try {
            Files.writeString(file, s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** At most {@code perFold} pairs of each fold, half same and half different (for quick proxies). */
    public Pairs limitPerFold(int perFold) {
        if (perFold <= 0) {
            return this;
        }
        List<Pair> out = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            int fold = f;
            List<Pair> inFold = pairs.stream().filter(p -> p.fold() == fold).toList();
            inFold.stream().filter(Pair::same).limit(perFold / 2).forEach(out::add);
            inFold.stream().filter(p -> !p.same()).limit(perFold / 2).forEach(out::add);
        }
        return new Pairs(folds, out);
    }
}

package org.facenas.data.lfw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An LFW pairs file (pairs.txt, pairsDevTrain.txt, ...).
 *
 * <p>Header: {@code folds<TAB>pairsPerFold} (View 2: "10 300", each fold = pairsPerFold same pairs
 * followed by pairsPerFold different pairs) or a single number N (View 1: N same pairs then N
 * different pairs, one fold). Pair lines: {@code name n1 n2} (same) or {@code name1 n1 name2 n2}
 * (different). Every {@link Pair} keeps its fold index so 10-fold evaluation can use it.
 *
 * @param folds        number of folds (1 for a single-number header)
 * @param pairsPerFold same pairs per fold (= different pairs per fold)
 * @param pairs        all pairs in file order
 * @param singleNumberHeader whether the header was (and will be written as) the single-number form
 */
public record Pairs(int folds, int pairsPerFold, List<Pair> pairs, boolean singleNumberHeader) {

    public Pairs {
        pairs = List.copyOf(pairs);
        if (pairs.size() != 2L * folds * pairsPerFold) {
            throw new IllegalArgumentException("expected " + 2L * folds * pairsPerFold + " pairs for " + folds
                    + " folds x " + pairsPerFold + " x 2, got " + pairs.size());
        }
    }

    /** Pairs with a "folds pairsPerFold" header; the list must hold 2*folds*pairsPerFold pairs in fold order. */
    public static Pairs of(int folds, int pairsPerFold, List<Pair> pairs) {
        return new Pairs(folds, pairsPerFold, pairs, false);
    }

    /** The pairs of one fold (0-based). */
    public List<Pair> fold(int fold) {
        return pairs.stream().filter(p -> p.fold() == fold).toList();
    }

    /**
     * At most {@code perFold} pairs of each fold, half same and half different, in file order within each kind (0 = all):
     * how a proxy scores a fraction of a set.
     */
    public List<Pair> limitPerFold(int perFold) {
        if (perFold <= 0) {
            return pairs;
        }
        List<Pair> out = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            List<Pair> inFold = fold(f);
            inFold.stream().filter(Pair::isSame).limit(perFold / 2).forEach(out::add);
            inFold.stream().filter(p -> !p.isSame()).limit(perFold / 2).forEach(out::add);
        }
        return out;
    }

    /** Every identity named by any pair, in first-mention order. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        pairs.forEach(p -> {
            names.add(p.name1());
            names.add(p.name2());
        });
        return names;
    }

    /**
     * Reads a pairs file.
     *
     * @throws LfwFormatException   on a malformed line (message names file, line and fix)
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Pairs read(Path file) {
        LfwLines in = LfwLines.read(file);
        String[] header = in.nextFields("the header");
        String headerFix = "the first line must be 'folds<TAB>pairsPerFold' (e.g. 10<TAB>300) or a single pair count";
        int folds;
        int perFold;
        if (header.length == 2) {
            folds = in.parseInt(header[0], "fold count", headerFix);
            perFold = in.parseInt(header[1], "pairs per fold", headerFix);
        } else if (header.length == 1) {
            folds = 1;
            perFold = in.parseInt(header[0], "pair count", headerFix);
        } else {
            throw in.error("header has " + header.length + " fields", headerFix);
        }
        List<Pair> pairs = new ArrayList<>(2 * folds * perFold);
        for (int fold = 0; fold < folds; fold++) {
            for (int i = 0; i < 2 * perFold; i++) {
                boolean same = i < perFold;
                pairs.add(parsePair(in, fold, same));
            }
        }
        if (in.hasNext()) {
            in.nextFields("");
            throw in.error("extra line after " + pairs.size() + " pairs",
                    "fix the header counts or remove the extra lines");
        }
        return new Pairs(folds, perFold, pairs, header.length == 1);
    }

    private static Pair parsePair(LfwLines in, int fold, boolean same) {
        String[] f = in.nextFields(same ? "a same pair 'name n1 n2'" : "a different pair 'name1 n1 name2 n2'");
        String fix = "each fold lists its same pairs ('name n1 n2') first, then its different pairs "
                + "('name1 n1 name2 n2'); check the header counts";
        try {
            if (same && f.length == 3) {
                return Pair.same(fold, f[0], in.parseInt(f[1], "image number", fix), in.parseInt(f[2], "image number", fix));
            }
            if (!same && f.length == 4) {
                return Pair.different(fold, f[0], in.parseInt(f[1], "image number", fix),
                        f[2], in.parseInt(f[3], "image number", fix));
            }
        } catch (IllegalArgumentException e) {
            // Pair rejects image numbers < 1; report that with the file position.
            throw in.error(e.getMessage(), fix);
        }
        throw in.error("expected " + (same ? "3" : "4") + " fields for a " + (same ? "same" : "different")
                + " pair in fold " + (fold + 1) + ", got " + f.length, fix);
    }

    /** Writes the file in the same header form it was read with (tab separated). */
    public void write(Path file) {
        StringBuilder sb = new StringBuilder();
        sb.append(singleNumberHeader ? String.valueOf(pairsPerFold) : folds + "\t" + pairsPerFold).append('\n');
        for (Pair p : pairs) {
            if (p.isSame()) {
                sb.append(p.name1()).append('\t').append(p.n1()).append('\t').append(p.n2()).append('\n');
            } else {
                sb.append(p.name1()).append('\t').append(p.n1()).append('\t')
                        .append(p.name2()).append('\t').append(p.n2()).append('\n');
            }
        }
        try {
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

package org.facenas.data.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.facenas.data.bin.VerificationBin;
import org.facenas.data.lfw.Pair;
import org.facenas.data.lfw.Pairs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pairs of one verification set with their images' encoded bytes, before anything is decoded, read by
 * {@link FaceSource#verificationPairs}: an InsightFace {@code .bin} holds its images, an LFW pairs file names images of
 * the source. Images {@code 2i} and {@code 2i+1} of {@link #names} and {@link #identities} are pair i's.
 *
 * @param file       the set's file
 * @param first      each pair's first image
 * @param second     each pair's second image
 * @param names      how reports name each image ({@link FaceSource#displayName}, or "lfw.bin image N")
 * @param identities each image's identity; null for a {@code .bin} image (a .bin names no one)
 * @param same       whether each pair is of one identity
 * @param folds      each pair's fold
 * @param dropped    one line per pair dropped because an image is missing from the source ("PATH: missing")
 */
public record VerificationPairs(Path file, List<byte[]> first, List<byte[]> second, List<String> names, List<String> identities,
                                List<Boolean> same, List<Integer> folds, List<String> dropped) {

    private static final Logger LOG = LoggerFactory.getLogger(VerificationPairs.class);

    /** The folds a {@code .bin} is split into (InsightFace's protocol: 10 contiguous folds). */
    private static final int BIN_FOLDS = 10;

    public VerificationPairs {
        first = List.copyOf(first);
        second = List.copyOf(second);
        names = List.copyOf(names);
        // a .bin's identities are nulls, which List.copyOf refuses
        identities = java.util.Collections.unmodifiableList(new ArrayList<>(identities));
        same = List.copyOf(same);
        folds = List.copyOf(folds);
        dropped = List.copyOf(dropped);
    }

    /** Number of pairs. */
    public int size() {
        return same.size();
    }

    /** Whether a file is an InsightFace {@code .bin} (else an LFW pairs file): the one place the two are told apart. */
    static boolean isBin(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bin");
    }

    /** The identities the scored pairs of a set name, in pair order (none for a .bin), read without any image. */
    static List<String> identitiesNamed(Path file, int perFold) {
        if (isBin(file)) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (Pair p : Pairs.read(file).limitPerFold(perFold)) {
            names.add(p.name1());
            names.add(p.name2());
        }
        return List.copyOf(names);
    }

    static VerificationPairs read(FaceSource source, Path file, int perFold) {
        return isBin(file) ? readBin(file, perFold) : readPairsFile(source, file, Pairs.read(file), perFold);
    }

    private static VerificationPairs readBin(Path file, int perFold) {
        VerificationBin bin;
        try {
            bin = VerificationBin.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        int[] folds = bin.folds(BIN_FOLDS);
        Builder s = new Builder();
        for (int f = 0; f < BIN_FOLDS; f++) {
            // per fold: the same pairs first, then the different ones (as an LFW pairs file lists them), at most perFold/2 each
            for (boolean same : new boolean[] {true, false}) {
                int taken = 0;
                for (int i = 0; i < bin.pairCount(); i++) {
                    if (folds[i] == f && bin.issame().get(i) == same && (perFold <= 0 || taken < perFold / 2)) {
                        s.add(bin.first(i), bin.second(i), file.getFileName() + " image " + (2 * i), file.getFileName() + " image " + (2 * i + 1),
                                null, null, same, f);
                        taken++;
                    }
                }
            }
        }
        return s.build(file);
    }

    private static VerificationPairs readPairsFile(FaceSource source, Path file, Pairs pairsFile, int perFold) {
        List<Pair> all = pairsFile.limitPerFold(perFold);
        Builder s = new Builder();
        Set<String> missing = new LinkedHashSet<>();
        for (Pair p : all) {
            Optional<SourceImage> a = source.lfwImage(p.name1(), p.n1());
            Optional<SourceImage> b = source.lfwImage(p.name2(), p.n2());
            if (a.isEmpty() || b.isEmpty()) {
                s.dropped.add(a.isEmpty() ? missing(source, p.name1(), p.n1()) : missing(source, p.name2(), p.n2()));
                if (a.isEmpty()) {
                    missing.add(String.format(Locale.ROOT, "%s_%04d", p.name1(), p.n1()));
                }
                if (b.isEmpty()) {
                    missing.add(String.format(Locale.ROOT, "%s_%04d", p.name2(), p.n2()));
                }
                continue;
            }
            s.add(source.bytes(a.get()), source.bytes(b.get()), source.displayName(a.get()), source.displayName(b.get()), p.name1(), p.name2(), p.isSame(), p.fold());
        }
        if (!s.dropped.isEmpty()) {
            // the scores then cover fewer pairs than the file lists: say which and how many, not only in a count
            LOG.warn("{}: {} of {} pairs dropped, {} image{} missing from {}: {}", file, s.dropped.size(), all.size(), missing.size(),
                    missing.size() == 1 ? "" : "s", source.root().resolve("images"), String.join(", ", missing));
        }
        return s.build(file);
    }

    private static String missing(FaceSource source, String name, int n) {
        return source.root().resolve("images").resolve(name).resolve(String.format(Locale.ROOT, "%s_%04d.*", name, n)) + ": missing";
    }

    private static final class Builder {
        final List<byte[]> first = new ArrayList<>();
        final List<byte[]> second = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<String> identities = new ArrayList<>();
        final List<Boolean> same = new ArrayList<>();
        final List<Integer> folds = new ArrayList<>();
        final List<String> dropped = new ArrayList<>();

        void add(byte[] a, byte[] b, String nameA, String nameB, String identityA, String identityB, boolean isSame, int fold) {
            first.add(a);
            second.add(b);
            names.add(nameA);
            names.add(nameB);
            identities.add(identityA);
            identities.add(identityB);
            same.add(isSame);
            folds.add(fold);
        }

        VerificationPairs build(Path file) {
            return new VerificationPairs(file, first, second, names, identities, same, folds, dropped);
        }
    }
}

package org.facenas.data.split;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.facenas.data.FaceDataset;
import org.facenas.data.lfw.Pair;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.lfw.People;
import org.facenas.data.lfw.PersonCount;

/**
 * Splits a dataset into identity-disjoint train and test sides and draws LFW-style pairs on
 * each side: 10 folds, each fold's identities disjoint from the other folds' (as in LFW View 2),
 * half same pairs and half different pairs per fold.
 *
 * <p>Deterministic for a seed: identities are listed sorted and shuffled with
 * {@link java.util.Random}, whose sequence is specified by the Java platform.
 */
public final class DatasetSplitter {

    /** LFW View 2 has 10 folds; evaluators assume it. */
    public static final int FOLDS = 10;
    private static final int MAX_DRAWS_PER_PAIR = 1000;

    private final double testFraction;
    private final int pairsPerSide;
    private final long seed;

    private DatasetSplitter(double testFraction, int pairsPerSide, long seed) {
        this.testFraction = testFraction;
        this.pairsPerSide = pairsPerSide;
        this.seed = seed;
    }

    /**
     * @param testFraction share of identities on the test side, in (0,1)
     * @param pairsPerSide pairs per pairs file; a positive multiple of 20 (10 folds x same/different)
     * @param seed         random seed
     * @throws IllegalArgumentException on out-of-range values, naming the option to fix
     */
    public static DatasetSplitter of(double testFraction, int pairsPerSide, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be between 0 and 1 (exclusive), got " + testFraction);
        }
        if (pairsPerSide <= 0 || pairsPerSide % (2 * FOLDS) != 0) {
            throw new IllegalArgumentException("--pair-count must be a positive multiple of " + 2 * FOLDS
                    + " (10 folds x same/different), got " + pairsPerSide);
        }
        return new DatasetSplitter(testFraction, pairsPerSide, seed);
    }

    /**
     * Splits {@code dataset}. Image numbers in the pairs are LFW numbers (file {@code ID_NNNN.ext}).
     *
     * @throws IllegalArgumentException if the dataset is too small for 10 folds on each side or
     *                                  its files are not LFW-named (run {@code data align} first)
     */
    public SplitResult split(FaceDataset dataset) {
        List<PersonCount> people = new ArrayList<>();
        for (String id : dataset.identities()) {
            int count = dataset.images(id).size();
            for (int n = 1; n <= count; n++) {
                if (dataset.lfwImagePath(id, n).isEmpty()) {
                    throw new IllegalArgumentException("image " + id + "_" + String.format("%04d", n)
                            + " missing under " + dataset.imagesRoot() + "; split needs LFW-named images "
                            + "ID/ID_0001.jpg.. (run 'facenas data align' to produce them)");
                }
            }
            people.add(new PersonCount(id, count));
        }
        Random random = new Random(seed);
        List<PersonCount> shuffled = new ArrayList<>(people);
        Collections.shuffle(shuffled, random);
        int testCount = (int) Math.round(testFraction * shuffled.size());
        List<PersonCount> test = sortedByName(shuffled.subList(0, testCount));
        List<PersonCount> train = sortedByName(shuffled.subList(testCount, shuffled.size()));
        return new SplitResult(People.plain(train), People.plain(test),
                drawPairs(train, random, "train"), drawPairs(test, random, "test"));
    }

    private static List<PersonCount> sortedByName(List<PersonCount> list) {
        List<PersonCount> copy = new ArrayList<>(list);
        copy.sort((a, b) -> a.name().compareTo(b.name()));
        return copy;
    }

    private Pairs drawPairs(List<PersonCount> side, Random random, String sideName) {
        List<PersonCount> shuffled = new ArrayList<>(side);
        Collections.shuffle(shuffled, random);
        List<List<PersonCount>> folds = new ArrayList<>();
        for (int f = 0; f < FOLDS; f++) {
            folds.add(new ArrayList<>());
        }
        for (int i = 0; i < shuffled.size(); i++) {
            folds.get(i % FOLDS).add(shuffled.get(i));
        }
        int perFold = pairsPerSide / (2 * FOLDS);
        List<Pair> pairs = new ArrayList<>(pairsPerSide);
        for (int f = 0; f < FOLDS; f++) {
            List<PersonCount> fold = folds.get(f);
            List<PersonCount> multi = fold.stream().filter(p -> p.imageCount() >= 2).toList();
            if (multi.isEmpty() || fold.size() < 2) {
                throw new IllegalArgumentException("the " + sideName + " side has too few identities for "
                        + FOLDS + " identity-disjoint folds (fold " + (f + 1) + " has " + fold.size()
                        + " identities, " + multi.size() + " with 2+ images); use more identities or change --test-fraction");
            }
            Set<String> seen = new HashSet<>();
            pairs.addAll(draw(perFold, seen, sideName, () -> {
                PersonCount p = multi.get(random.nextInt(multi.size()));
                int n1 = 1 + random.nextInt(p.imageCount());
                int n2 = 1 + random.nextInt(p.imageCount() - 1);
                if (n2 >= n1) {
                    n2++;
                }
                return Pair.same(0, p.name(), Math.min(n1, n2), Math.max(n1, n2));
            }, f));
            pairs.addAll(draw(perFold, seen, sideName, () -> {
                int i1 = random.nextInt(fold.size());
                int i2 = random.nextInt(fold.size() - 1);
                if (i2 >= i1) {
                    i2++;
                }
                PersonCount a = fold.get(Math.min(i1, i2));
                PersonCount b = fold.get(Math.max(i1, i2));
                return Pair.different(0, a.name(), 1 + random.nextInt(a.imageCount()),
                        b.name(), 1 + random.nextInt(b.imageCount()));
            }, f));
        }
        return Pairs.of(FOLDS, perFold, pairs);
    }

    private static List<Pair> draw(int count, Set<String> seen, String sideName,
                                   Supplier<Pair> drawOne, int fold) {
        List<Pair> out = new ArrayList<>(count);
        int attempts = 0;
        while (out.size() < count) {
            Pair p = drawOne.get().withFold(fold);
            String key = p.name1() + " " + p.n1() + " " + p.name2() + " " + p.n2();
            if (seen.add(key)) {
                out.add(p);
            } else if (++attempts > MAX_DRAWS_PER_PAIR * count) {
                throw new IllegalArgumentException("fold " + (fold + 1) + " of the " + sideName
                        + " side has fewer than " + count + " distinct pairs; lower --pair-count");
            }
        }
        return out;
    }
}

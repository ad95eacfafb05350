package org.facenas.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFormatsTest {

    static Path shared() {
        Path p = Path.of(System.getProperty("facenas.shared", "../shared"));
        if (!Files.isDirectory(p.resolve("datasets"))) {
            throw new IllegalStateException("shared data not found at " + p.toAbsolutePath() + ": tests need ../shared beside the checkout");
        }
        return p;
    }

    static final Path CELEBA = shared().resolve("datasets/celeba112");

    @TempDir
    Path tmp;

    @Test
    void readsCelebaPeopleAndPairsAsPublished() {
        People train = People.read(CELEBA.resolve("peopleDevTrain.txt"));
        People test = People.read(CELEBA.resolve("peopleDevTest.txt"));
        assertEquals(222, train.identities().size());
        assertEquals(64, test.identities().size());
        Set<String> trainNames = new HashSet<>();
        train.identities().forEach(i -> trainNames.add(i.name()));
        assertTrue(test.identities().stream().noneMatch(i -> trainNames.contains(i.name())), "identity-disjoint split");
        Pairs pairs = Pairs.read(CELEBA.resolve("pairsDevTest.txt"));
        assertEquals(10, pairs.folds());
        assertEquals(3000, pairs.pairs().size());
        assertEquals(1500, pairs.pairs().stream().filter(Pairs.Pair::same).count());
        for (int f = 0; f < 10; f++) {
            int fold = f;
            assertEquals(150, pairs.pairs().stream().filter(p -> p.fold() == fold && p.same()).count());
        }
        assertTrue(pairs.pairs().stream().allMatch(p -> !trainNames.contains(p.name1()) && !trainNames.contains(p.name2())));
        FaceDataset ds = FaceDataset.at(CELEBA);
        Pairs.Pair first = pairs.pairs().get(0);
        assertTrue(Files.exists(ds.image(first.name1(), first.image1())));
        Pairs small = pairs.limitPerFold(20);
        assertEquals(200, small.pairs().size());
        assertEquals(100, small.pairs().stream().filter(Pairs.Pair::same).count());
    }

    @Test
    void pairsAndPeopleRoundTrip() {
        Pairs pairs = Pairs.read(CELEBA.resolve("pairsDevTrain.txt"));
        Path out = tmp.resolve("pairs.txt");
        pairs.write(out);
        assertEquals(pairs, Pairs.read(out));
        People people = People.read(CELEBA.resolve("people.txt"));
        people.write(tmp.resolve("people.txt"));
        assertEquals(people, People.read(tmp.resolve("people.txt")));
    }

    @Test
    void malformedFilesNameTheLine() throws Exception {
        Path bad = tmp.resolve("pairs.txt");
        Files.writeString(bad, "1\t1\na\t1\t2\nb\tx\tc\t3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pairs.read(bad));
        assertTrue(e.getMessage().contains("line 3: 'x' is not a number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pairs.read(tmp.resolve("missing.txt")));
    }

    @Test
    void decodesJpegAndPgmAndNamesCorruptFiles() throws Exception {
        FacePreprocessing pre = new FacePreprocessing(56);
        float[] jpg = pre.load(FaceDataset.at(CELEBA).image("id07201", 1));
        assertEquals(3 * 56 * 56, jpg.length);
        assertTrue(jpg[0] >= -1 && jpg[0] <= 1);
        float[] pgm = pre.load(shared().resolve("datasets/orl/s1/1.pgm"));
        // grey replicated into three equal channels
        assertEquals(pgm[100], pgm[56 * 56 + 100]);
        assertEquals(pgm[100], pgm[2 * 56 * 56 + 100]);
        Path corrupt = tmp.resolve("x_0001.jpg");
        Files.write(corrupt, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        UnreadableImageException e = assertThrows(UnreadableImageException.class, () -> pre.load(corrupt));
        assertTrue(e.getMessage().startsWith(corrupt.toString()), e.getMessage());
    }

    @Test
    void listingHashChangesWhenAnImageChanges() throws Exception {
        Path root = tmp.resolve("ds");
        Files.createDirectories(root.resolve("images/a"));
        Files.copy(FaceDataset.at(CELEBA).image("id07201", 1), root.resolve("images/a/a_0001.jpg"));
        String before = FaceDataset.at(root).listingHash();
        assertEquals(before, FaceDataset.at(root).listingHash());
        Files.copy(FaceDataset.at(CELEBA).image("id07201", 2), root.resolve("images/a/a_0002.jpg"));
        assertNotEquals(before, FaceDataset.at(root).listingHash());
    }
}

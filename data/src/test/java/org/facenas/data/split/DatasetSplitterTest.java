package org.facenas.data.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.facenas.data.FaceDataset;
import org.facenas.data.SharedData;
import org.facenas.data.lfw.Pair;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.lfw.People;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSplitterTest {

    @Test
    void splitIsIdentityDisjointReadableAndDeterministic(@TempDir Path tmp) throws Exception {
        FaceDataset celeba = FaceDataset.open(SharedData.celeba112());
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Path c = Files.createDirectories(tmp.resolve("c"));
        DatasetSplitter.of(0.25, 600, 7).split(celeba).write(a);
        DatasetSplitter.of(0.25, 600, 7).split(celeba).write(b);
        DatasetSplitter.of(0.25, 600, 8).split(celeba).write(c);
        for (String f : new String[] {SplitResult.PEOPLE_TEST, SplitResult.PAIRS_TEST, SplitResult.PAIRS_TRAIN}) {
            assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), f + " must not depend on run");
        }
        assertNotEquals(Files.readString(a.resolve(SplitResult.PAIRS_TEST)), Files.readString(c.resolve(SplitResult.PAIRS_TEST)));

        People train = People.read(a.resolve(SplitResult.PEOPLE_TRAIN));
        People test = People.read(a.resolve(SplitResult.PEOPLE_TEST));
        assertEquals(286, train.all().size() + test.all().size());
        assertEquals(Math.round(0.25 * 286), test.all().size());
        Set<String> trainNames = Set.copyOf(train.names());
        Set<String> testNames = Set.copyOf(test.names());
        assertTrue(trainNames.stream().noneMatch(testNames::contains), "train and test share identities");

        Pairs testPairs = Pairs.read(a.resolve(SplitResult.PAIRS_TEST));
        Pairs trainPairs = Pairs.read(a.resolve(SplitResult.PAIRS_TRAIN));
        assertEquals(10, testPairs.folds());
        assertEquals(30, testPairs.pairsPerFold());
        assertTrue(testNames.containsAll(testPairs.names()));
        assertTrue(trainNames.containsAll(trainPairs.names()));
        Set<String> seen = new HashSet<>();
        for (int f = 0; f < 10; f++) {
            assertEquals(30, testPairs.fold(f).stream().filter(Pair::isSame).count());
            Set<String> foldNames = new HashSet<>();
            testPairs.fold(f).forEach(p -> {
                foldNames.add(p.name1());
                foldNames.add(p.name2());
            });
            assertTrue(foldNames.stream().noneMatch(seen::contains), "folds must be identity-disjoint");
            seen.addAll(foldNames);
        }
        for (Pair p : testPairs.pairs()) {
            assertTrue(celeba.lfwImagePath(p.name1(), p.n1()).isPresent(), p.toString());
            assertTrue(celeba.lfwImagePath(p.name2(), p.n2()).isPresent(), p.toString());
            assertFalse(p.isSame() && p.n1() == p.n2(), "same pair of one image " + p);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> DatasetSplitter.of(1.5, 600, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetSplitter.of(0.2, 610, 1));
        assertTrue(e.getMessage().contains("--pair-count"));
    }
}

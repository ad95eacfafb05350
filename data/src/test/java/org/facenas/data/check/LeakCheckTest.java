package org.facenas.data.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.data.FaceDataset;
import org.facenas.data.SharedData;
import org.facenas.data.lfw.Pair;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.pack.DatasetPacker;
import org.facenas.data.source.FaceSource;
import org.facenas.data.source.RecordIoSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training image with the bytes of another identity's verification image is a leak, reported on its own line apart
 * from ordinary duplicates: planted in a small LFW-layout copy, and the three of celeba112 (id07312 = id07317), in its
 * folder and packed as RecordIO with its pairs as a .bin.
 */
class LeakCheckTest {

    @Test
    void plantedLeakIsFoundApartFromDuplicates(@TempDir Path tmp) throws Exception {
        DatasetCheckerTest.copyOfFewImages(tmp);
        // the leak: training identity id07201 holds the bytes of id07202's scoring image 2
        Files.copy(tmp.resolve("images/id07202/id07202_0002.jpg"), tmp.resolve("images/id07201/id07201_0004.jpg"));
        // a duplicate between two training identities: a duplicate, not a leak
        Files.copy(tmp.resolve("images/id07201/id07201_0001.jpg"), tmp.resolve("images/id07203/id07203_0004.jpg"));
        Path pairsFile = tmp.resolve("pairs.txt");
        Pairs.of(1, 1, List.of(Pair.same(0, "id07202", 1, 2), Pair.different(0, "id07202", 3, "id07203", 2))).write(pairsFile);

        CheckReport r = DatasetChecker.expectingSize(112, 112).check(FaceDataset.open(tmp), List.of(Pairs.read(pairsFile)));
        assertEquals(List.of("images/id07201/id07201_0004.jpg = pairs images/id07202/id07202_0002.jpg"), r.leaks());
        assertEquals(2, r.duplicateGroups().size(), r.duplicateGroups().toString());
        assertTrue(r.summaryLines().contains("  leaks: 1 training image equal verification images of another identity"
                + " (proxy training leaves them out)"), String.join("\n", r.summaryLines()));
        assertTrue(r.summaryLines().contains("  leak: train images/id07201/id07201_0004.jpg = pairs images/id07202/id07202_0002.jpg"));
        assertTrue(r.summaryLines().get(0).endsWith("2 duplicate groups, 1 leaks"), r.summaryLines().get(0));

        try (FaceSource source = FaceSource.open(tmp)) {
            CheckReport viaSource = DatasetChecker.expectingSize(112, 112).check(source, List.of(Pairs.read(pairsFile)), List.of());
            assertEquals(List.of("id07201/id07201_0004.jpg = pairs id07202/id07202_0002.jpg"), viaSource.leaks());
        }

        DatasetCheckerTest.Result cli = DatasetCheckerTest.run("check", "--data", tmp.toString(), "--pairs", pairsFile.toString());
        assertEquals(1, cli.exitCode());
        assertTrue(cli.err().contains("leak: train images/id07201/id07201_0004.jpg = pairs images/id07202/id07202_0002.jpg"), cli.err());

        // without the pairs file nothing is a verification image: the duplicates remain, no leak
        assertTrue(DatasetChecker.expectingSize(112, 112).check(FaceDataset.open(tmp), List.of()).leaks().isEmpty());
    }

    @Test
    void celeba112HasThreeLeakedTrainingImages() throws Exception {
        Path celeba = SharedData.celeba112();
        CheckReport r = DatasetChecker.expectingSize(112, 112).check(FaceDataset.open(celeba),
                List.of(Pairs.read(celeba.resolve("pairsDevTest.txt"))));
        assertEquals(List.of("images/id07312/id07312_0003.jpg = pairs images/id07317/id07317_0023.jpg",
                "images/id07312/id07312_0014.jpg = pairs images/id07317/id07317_0016.jpg",
                "images/id07312/id07312_0021.jpg = pairs images/id07317/id07317_0003.jpg"), r.leaks());
    }

    /** Packed as InsightFace RecordIO, the same three records equal images of the packed pairsDevTest.bin. */
    @Test
    void packedCeleba112LeaksIntoItsBin(@TempDir Path tmp) throws Exception {
        Path celeba = SharedData.celeba112();
        Path packed = tmp.resolve("rec");
        DatasetPacker.pack(celeba, celeba.resolve("peopleDevTrain.txt"), celeba.resolve("pairsDevTest.txt"), packed);
        try (RecordIoSource source = RecordIoSource.open(packed)) {
            CheckReport r = DatasetChecker.expectingSize(112, 112).check(source, List.of(), source.defaultVerification());
            assertEquals(3, r.leaks().size(), r.leaks().toString());
            assertTrue(r.leaks().stream().allMatch(l -> l.startsWith("id07312 ") && l.contains(" = pairs pairsDevTest.bin image ")),
                    r.leaks().toString());
        }
    }
}

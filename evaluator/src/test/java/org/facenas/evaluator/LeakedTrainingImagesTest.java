package org.facenas.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.facenas.data.SharedData;
import org.facenas.data.hash.Sha256;
import org.facenas.data.pack.DatasetPacker;
import org.facenas.data.source.FaceSource;
import org.facenas.data.source.SourceImage;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.records.proxy.ProxySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * celeba112 holds three training files (id07312) with the bytes of scoring images (id07317) of pairsDevTest: a proxy
 * on every training image leaves them out (4,524 of 4,527), names and counts them as skipped, and trains on no
 * image whose content is a scoring image's; packed as RecordIO and scored on its .bin, the same.
 */
class LeakedTrainingImagesTest {

    static final Path CELEBA = SharedData.celeba112();
    static final ProxySettings EVERY = ProxySettings.preset("tiny").derive().inputSize(16).epochs(1).trainSubset(0, 0).pairsPerFold(0).build();

    @Test
    void everyImageProxyLeavesOutTheThreeLeakedImages() {
        SourceProxyData data = SourceProxyData.load(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), CELEBA.resolve("pairsDevTest.txt"), EVERY);
        assertEquals(4524, data.train().count());
        assertEquals(4524, data.trainKeys().size());
        Set<String> keys = new HashSet<>(data.trainKeys());
        List<String> leaked = List.of("id07312/id07312_0003.jpg", "id07312/id07312_0014.jpg", "id07312/id07312_0021.jpg");
        for (String k : leaked) {
            assertFalse(keys.contains(k), k + " trained on");
            assertTrue(data.skippedFiles().stream().anyMatch(s -> s.startsWith(k) && s.contains("scoring image")), data.skippedFiles().toString());
        }
        assertTrue(keys.contains("id07312/id07312_0001.jpg"), "the identity's other images stay");
        assertEquals(3, data.skippedFiles().size(), data.skippedFiles().toString());

        Set<String> scoring = new HashSet<>();
        data.scoringEncoded().forEach(b -> scoring.add(Sha256.hex(b)));
        assertTrue(scoring.size() > 1000, scoring.size() + " scoring images");
        try (FaceSource source = FaceSource.open(CELEBA)) {
            for (SourceImage img : data.trainImages()) {
                assertFalse(scoring.contains(Sha256.hex(source.bytes(img))), img.key() + " has a scoring image's bytes");
            }
        }
    }

    /** The same set packed as InsightFace RecordIO, scored on its pairsDevTest.bin: the same three left out. */
    @Test
    void packedSetLeavesOutTheSameThree(@TempDir Path tmp) throws Exception {
        Path packed = tmp.resolve("rec");
        DatasetPacker.pack(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), CELEBA.resolve("pairsDevTest.txt"), packed);
        SourceProxyData data = SourceProxyData.load(packed, null, List.of(), EVERY, SourceProxyData.DEFAULT_SUBSET_SEED);
        assertEquals(4524, data.train().count());
        assertEquals(3, data.skippedFiles().stream().filter(s -> s.contains("the same bytes as a scoring image")).count(),
                data.skippedFiles().toString());
    }
}

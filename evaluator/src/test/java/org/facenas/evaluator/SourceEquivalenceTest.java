package org.facenas.evaluator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.facenas.data.FaceDataset;
import org.facenas.data.FaceImageFile;
import org.facenas.data.SharedData;
import org.facenas.data.lfw.People;
import org.facenas.data.pack.DatasetPacker;
import org.facenas.data.recordio.InsightFaceRecordsWriter;
import org.facenas.distill.teacher.TeacherEmbeddingCache;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.score.Embeddings;
import org.facenas.evaluator.train.MarginTrainingNetworks;
import org.facenas.records.CandidateResult;
import org.facenas.records.PairScores;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same faces as an LFW folder and packed into InsightFace RecordIO are the same proxy: same drawn subset,
 * same pixels, same pairs, same teacher embeddings and the same accuracy for the same seed; a .bin scores as
 * its pairs file.
 */
class SourceEquivalenceTest {

    static final Path CELEBA = SharedData.celeba112();
    /** tiny's subset (32 identities x 8 images) and 20 pairs per fold, 1 epoch. */
    static final ProxySettings SMALL = ProxySettings.preset("tiny").derive().epochs(1).build();

    @TempDir
    static Path tmp;
    static Path packed;

    @BeforeAll
    static void pack() throws Exception {
        packed = tmp.resolve("packed");
        DatasetPacker.pack(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), CELEBA.resolve("pairsDevTest.txt"), packed);
    }

    private static void assertSameProxy(SourceProxyData a, SourceProxyData b) {
        assertEquals(a.train().count(), b.train().count());
        assertEquals(a.train().classes(), b.train().classes());
        assertArrayEquals(a.train().labels(), b.train().labels());
        for (int i = 0; i < a.train().count(); i++) {
            assertArrayEquals(a.train().image(i), b.train().image(i), "training image " + i);
        }
        assertEquals(a.scoringImages().size(), b.scoringImages().size());
        for (int i = 0; i < a.scoringImages().size(); i++) {
            assertArrayEquals(a.scoringImages().get(i), b.scoringImages().get(i), "scoring image " + i);
        }
        assertArrayEquals(a.pairs().first(), b.pairs().first());
        assertArrayEquals(a.pairs().second(), b.pairs().second());
        assertArrayEquals(a.pairs().same(), b.pairs().same());
        assertArrayEquals(a.pairs().fold(), b.pairs().fold());
    }

    @Test
    void lfwFolderAndPackedSetGiveTheSameProxyAndAccuracy() {
        SourceProxyData lfw = SourceProxyData.load(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), CELEBA.resolve("pairsDevTest.txt"), SMALL);
        // the packed folder alone: every identity of train.rec trains, its .bin scores
        SourceProxyData rec = SourceProxyData.load(packed, packed.resolve("peopleDevTrain.txt"), packed.resolve("pairsDevTest.txt"), SMALL);
        assertTrue(rec.subset().verification().endsWith("pairsDevTest.bin"), rec.subset().verification());
        assertNotEquals(lfw.subset().datasetHash(), rec.subset().datasetHash());
        assertEquals(lfw.subset().keysHash().length(), 64);
        assertSameProxy(lfw, rec);
        assertEquals(200, rec.pairCount());

        CandidateResult a = new ProxyEvaluator(SMALL, lfw, new MarginTrainingNetworks(), lfw.pairs(), x -> null).evaluate(Zoo.get("ds-face-k7"), 5);
        CandidateResult b = new ProxyEvaluator(SMALL, rec, new MarginTrainingNetworks(), rec.pairs(), x -> null).evaluate(Zoo.get("ds-face-k7"), 5);
        System.out.printf("evaluate ds-face-k7, tiny 1 epoch, seed 5: LFW folder %.4f (loss %.4f), packed RecordIO %.4f (loss %.4f)%n",
                a.accuracy(), a.finalLoss(), b.accuracy(), b.finalLoss());
        assertEquals(CandidateResult.Status.OK, a.status(), a.failure());
        assertEquals(a.accuracy(), b.accuracy(), 0.0);
        assertEquals(a.finalLoss(), b.finalLoss(), 0.0);
    }

    @Test
    void aSeedDrawsTheSameSubsetWhateverTheOrderOfIdentitiesAndImages() throws Exception {
        // 12 identities packed in people-file order, and again with identities and each identity's images reversed
        FaceDataset folder = FaceDataset.open(CELEBA);
        List<String> names = People.read(CELEBA.resolve("peopleDevTrain.txt")).names().subList(0, 12);
        Path forward = write(tmp.resolve("forward"), folder, names, false);
        List<String> reversed = new ArrayList<>(names);
        Collections.reverse(reversed);
        Path backward = write(tmp.resolve("backward"), folder, reversed, true);
        ProxySettings p = new ProxySettings("t", 32, 1, 8, 2e-3, 5e-4, 5, 3, 20, true, new org.facenas.records.proxy.Margin(org.facenas.records.proxy.Margin.Kind.COSFACE, 32, 0.35));
        SourceProxyData f = SourceProxyData.load(forward, null, packed.resolve("pairsDevTest.bin"), p, 11);
        SourceProxyData b = SourceProxyData.load(backward, null, packed.resolve("pairsDevTest.bin"), p, 11);
        assertEquals(15, f.train().count());
        assertSameProxy(f, b);
        SourceProxyData other = SourceProxyData.load(forward, null, packed.resolve("pairsDevTest.bin"), p, 12);
        assertNotEquals(f.subset().keysHash(), other.subset().keysHash(), "another seed draws another subset");
    }

    private static Path write(Path dir, FaceDataset folder, List<String> names, boolean reverseImages) throws Exception {
        Files.createDirectories(dir);
        try (InsightFaceRecordsWriter w = InsightFaceRecordsWriter.create(dir, 112, 112)) {
            for (String n : names) {
                w.beginIdentity(n);
                List<FaceImageFile> files = new ArrayList<>(folder.images(n));
                if (reverseImages) {
                    Collections.reverse(files);
                }
                for (FaceImageFile file : files) {
                    w.addImage(Files.readAllBytes(file.path()), 0);
                }
            }
        }
        return dir;
    }

    @Test
    void aBinScoresTheSameAsItsPairsFile() {
        ProxySettings allPairs = new ProxySettings("pairs", 32, 1, 8, 2e-3, 5e-4, 2, 1, 0, false, new org.facenas.records.proxy.Margin(org.facenas.records.proxy.Margin.Kind.COSFACE, 32, 0.35));
        SourceProxyData txt = SourceProxyData.load(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), CELEBA.resolve("pairsDevTest.txt"), allPairs);
        SourceProxyData bin = SourceProxyData.load(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), packed.resolve("pairsDevTest.bin"), allPairs);
        assertEquals(3000, bin.pairCount());
        PairScores a = txt.pairs().score(txt.scoringImages().stream().map(Embeddings::l2Normalised).toList());
        PairScores b = bin.pairs().score(bin.scoringImages().stream().map(Embeddings::l2Normalised).toList());
        System.out.printf("raw-pixel baseline on celeba112 pairsDevTest (3,000 pairs, 32x32): pairs file %.4f +- %.4f, .bin %.4f +- %.4f%n",
                a.accuracy(), a.accuracyStd(), b.accuracy(), b.accuracyStd());
        assertEquals(a, b);
        assertTrue(a.accuracy() > 0.5);
    }

    @Test
    void teacherEmbeddingsOfThePackedSetMatchTheFolders() {
        Path model = SharedData.teacher();
        TeacherSpec spec = TeacherSpec.onnx(model, 112, 127f, 0.0078125f, 512);
        ProxySettings few = new ProxySettings("few", 32, 1, 8, 2e-3, 5e-4, 3, 2, 20, false, new org.facenas.records.proxy.Margin(org.facenas.records.proxy.Margin.Kind.COSFACE, 32, 0.35));
        SourceProxyData lfw = SourceProxyData.load(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), CELEBA.resolve("pairsDevTest.txt"), few);
        SourceProxyData rec = SourceProxyData.load(packed, null, null, few);
        TeacherEmbeddingCache.Outcome a = lfw.teacherEmbeddings(tmp.resolve("cache"), spec, 2);
        TeacherEmbeddingCache.Outcome b = rec.teacherEmbeddings(tmp.resolve("cache"), spec, 2);
        assertNotEquals(a.file(), b.file(), "each source and subset has its own cache file");
        assertEquals(6, b.embeddings().keys().size());
        assertTrue(b.embeddings().keys().get(0).startsWith("#"), "RecordIO image keys: " + b.embeddings().keys());
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(a.embeddings().plain()[i], b.embeddings().plain()[i], 0f);
            assertArrayEquals(a.embeddings().flipped()[i], b.embeddings().flipped()[i], 0f);
        }
        // reused on the second call, and the KD targets line up with the training images
        assertTrue(rec.teacherEmbeddings(tmp.resolve("cache"), spec, 2).reused());
        assertEquals(6, org.facenas.evaluator.train.Distillation.from(org.facenas.records.proxy.KdSettings.parse("default", null), b.embeddings())
                .targets(rec.trainKeys()).get(0).plain().length);
    }
}

package org.facenas.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.facenas.data.SharedData;
import org.facenas.distill.teacher.TeacherEmbeddings;
import org.facenas.evaluator.data.KdImages;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.evaluator.train.Distillation;
import org.facenas.records.CandidateResult;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.arch.Architecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code +extra}: the KD-only images are every training image of every training identity (more than a subset
 * proxy's), never a scoring identity's, and a run with them trains and scores; a teacher cache of the subset alone
 * is a clear error.
 */
class KdExtraImagesTest {

    static final Path CELEBA = SharedData.celeba112();
    static final ProxySettings SMALL = ProxySettings.preset("tiny").derive().inputSize(16).epochs(1).trainSubset(8, 4).build();
    static SourceProxyData data;
    static KdImages every;

    @BeforeAll
    static void load() {
        data = SourceProxyData.load(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), CELEBA.resolve("pairsDevTest.txt"), SMALL);
        every = data.everyTrainingImage();
    }

    /** The teacher stand-in: a fixed random unit vector per image key (and another for its mirror). */
    private static TeacherEmbeddings synthetic(List<String> keys) {
        Random r = new Random(5);
        float[][] plain = new float[keys.size()][24];
        float[][] flipped = new float[keys.size()][24];
        for (float[][] m : new float[][][] {plain, flipped}) {
            for (float[] row : m) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = (float) r.nextGaussian();
                }
            }
        }
        return new TeacherEmbeddings("synthetic", keys, plain, flipped);
    }

    @Test
    void kdImagesAreEveryTrainingImageAndNoScoringOne() {
        assertEquals(32, data.train().count());
        assertTrue(every.images().count() > 4000, every.images().count() + " KD images");
        assertEquals(16, every.images().size());
        Set<String> keys = new HashSet<>(every.keys());
        assertTrue(keys.containsAll(data.trainKeys()), "the proxy's own images are among them");
        Set<String> identities = new HashSet<>();
        for (String k : every.keys()) {
            String[] parts = k.split("/");
            identities.add(parts[parts.length - 2]);
        }
        assertEquals(222, identities.size(), "every training identity of peopleDevTrain");
        assertTrue(data.scoringIdentities().size() > 10);
        for (String id : data.scoringIdentities()) {
            assertTrue(!identities.contains(id), "scoring identity " + id + " among the KD images");
        }
        // celeba112: training image id07312_0021.jpg has the bytes of a scoring image (of id07317): left out
        assertTrue(!keys.contains("id07312/id07312_0021.jpg") && keys.contains("id07312/id07312_0001.jpg"), "left out by content");
        Set<String> scoringContent = new HashSet<>();
        data.scoringEncoded().forEach(b -> scoringContent.add(org.facenas.data.hash.Sha256.hex(b)));
        assertTrue(scoringContent.size() > 100);
        // a proxy of every image is its own KD set
        SourceProxyData whole = SourceProxyData.load(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), CELEBA.resolve("pairsDevTest.txt"),
                SMALL.derive().trainSubset(0, 0).build());
        assertSame(whole.train(), whole.everyTrainingImage().images());
    }

    @Test
    void aRunWithKdOnlyRowsTrainsAndScores() {
        Architecture arch = Architecture.parse("stem_c8,ir_r1_k3_s2_e2_c16,head_c32_gdc_emb16");
        Distillation d = Distillation.from(KdSettings.parse("cosine+warmup=0.3+head+extra=24+decay@10", null), synthetic(every.keys()));
        CandidateResult r = EvaluatorBuilder.of(SMALL, data).distillation(d).build().evaluate(arch, 2);
        assertEquals(CandidateResult.Status.OK, r.status(), r.failure());
        assertEquals("cosine+warmup=0.3+head+extra=24+decay(lambda=10.0)", r.kd());
        assertEquals(32, r.trainImages());
        assertTrue(Double.isFinite(r.finalLoss()) && r.studentTeacherCosine() != null);
    }

    @Test
    void aTeacherCacheOfTheSubsetAloneIsAClearError() {
        Distillation d = Distillation.from(KdSettings.parse("cosine+extra=8", null), synthetic(data.trainKeys()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvaluatorBuilder.of(SMALL, data).distillation(d).build());
        assertTrue(e.getMessage().startsWith("KD +extra needs the teacher's embeddings of every training image"), e.getMessage());
    }
}

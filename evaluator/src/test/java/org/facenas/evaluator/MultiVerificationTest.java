package org.facenas.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facenas.data.SharedData;
import org.facenas.data.bin.VerificationBin;
import org.facenas.data.pack.DatasetPacker;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.records.CandidateResult;
import org.facenas.records.VerificationScore;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several verification sets: each is scored separately with the full protocol, and a set's score among others is
 * exactly its score alone (same seed, same subset, same training); the first set is the one the top-level accuracy
 * (and so a search's ranking) is on. Sets are real .bin files written with the project's writer: celeba112's
 * held-out pairs (packed) and a cross-dataset set of ORL faces.
 */
class MultiVerificationTest {

    static final Path CELEBA = SharedData.celeba112();
    static final Path ORL = SharedData.orl();
    static final ProxySettings SMALL = ProxySettings.preset("tiny").derive().epochs(1).build();
    static final Architecture ARCH = Zoo.resolve("ds-face-k7");

    @TempDir
    static Path tmp;
    static Path celebaBin;
    static Path orlBin;

    @BeforeAll
    static void writeSets() throws Exception {
        Path packed = tmp.resolve("packed");
        DatasetPacker.pack(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), CELEBA.resolve("pairsDevTest.txt"), packed);
        celebaBin = packed.resolve("pairsDevTest.bin");
        orlBin = tmp.resolve("orl.bin");
        orlSet().write(orlBin);
    }

    /** 200 ORL pairs in 10 contiguous folds, 10 same and 10 different each (the images' PGM bytes as they are). */
    static VerificationBin orlSet() throws Exception {
        List<byte[]> images = new ArrayList<>();
        List<Boolean> same = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            for (int k = 0; k < 10; k++) {
                int s = 4 * f + k % 4 + 1;
                images.add(Files.readAllBytes(ORL.resolve("s" + s).resolve((k % 9 + 1) + ".pgm")));
                images.add(Files.readAllBytes(ORL.resolve("s" + s).resolve((k % 9 + 2) + ".pgm")));
                same.add(true);
            }
            for (int k = 0; k < 10; k++) {
                int s = 4 * f + k % 4 + 1;
                int t = (s + 7 + k) % 40 + 1;
                images.add(Files.readAllBytes(ORL.resolve("s" + s).resolve((k % 10 + 1) + ".pgm")));
                images.add(Files.readAllBytes(ORL.resolve("s" + (t == s ? s % 40 + 1 : t)).resolve(((k + 3) % 10 + 1) + ".pgm")));
                same.add(false);
            }
        }
        return new VerificationBin(images, same);
    }

    private static SourceProxyData load(List<Path> sets) {
        return SourceProxyData.load(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), sets, SMALL, SourceProxyData.DEFAULT_SUBSET_SEED);
    }

    @Test
    void eachSetScoresAsItDoesAloneAndTheFirstRanks() throws Exception {
        SourceProxyData both = load(List.of(celebaBin, orlBin));
        assertEquals(List.of(celebaBin.toAbsolutePath().normalize().toString(), orlBin.toAbsolutePath().normalize().toString()),
                both.subset().verificationSets());
        CandidateResult together = EvaluatorBuilder.of(SMALL, both).build().evaluate(ARCH, 5);
        CandidateResult celebaAlone = EvaluatorBuilder.of(SMALL, load(List.of(celebaBin))).build().evaluate(ARCH, 5);
        CandidateResult orlAlone = EvaluatorBuilder.of(SMALL, load(List.of(orlBin))).build().evaluate(ARCH, 5);
        assertTrue(together.ok(), together.failure());
        assertEquals(List.of("pairsDevTest.bin", "orl.bin"), together.verification().stream().map(VerificationScore::set).toList());
        VerificationScore c = together.verification().get(0);
        VerificationScore o = together.verification().get(1);
        System.out.printf("two .bin sets, ds-face-k7 tiny 1 epoch seed 5: %s %.4f +- %.4f (alone %.4f), %s %.4f +- %.4f (alone %.4f)%n",
                c.set(), c.accuracy(), c.accuracyStd(), celebaAlone.accuracy(), o.set(), o.accuracy(), o.accuracyStd(), orlAlone.accuracy());
        System.out.printf("  ROC AUC: %s %.4f +- %.4f, %s %.4f +- %.4f%n", c.set(), c.rocAuc(), c.rocAucStd(), o.set(), o.rocAuc(), o.rocAucStd());
        // the first set is the top-level score (what a search ranks on)
        assertEquals(together.accuracy(), c.accuracy());
        assertEquals(together.accuracyStd(), c.accuracyStd());
        assertEquals(together.rocAuc(), c.rocAuc());
        assertEquals(together.rocAucStd(), c.rocAucStd());
        // the AUC's fold std is measured on each set (ten folds on both), a spread, not a placeholder
        assertTrue(c.rocAucStd() != null && c.rocAucStd() > 0 && o.rocAucStd() != null && o.rocAucStd() > 0, c + " " + o);
        assertEquals(together.pairs(), c.pairs());
        // each set's score among others is its score alone, the whole protocol
        assertScoresEqual(celebaAlone.verification().get(0), c);
        assertScoresEqual(orlAlone.verification().get(0), o);
        assertEquals(orlAlone.accuracy(), o.accuracy());
        assertEquals(200, o.pairs());
        assertNotEquals(c.accuracy(), o.accuracy(), "two different sets score differently");
        // the per-set scores travel in the JSON result and come back
        ObjectMapper json = new ObjectMapper();
        CandidateResult back = json.readValue(json.writeValueAsString(together), CandidateResult.class);
        assertEquals(together, back);
        assertTrue(json.readTree(json.writeValueAsString(together)).get("verification").get(1).has("tarAtFar1e3"));
        assertTrue(json.readTree(json.writeValueAsString(together)).get("verification").get(1).get("rocAucStd").isNumber());
        assertTrue(json.readTree(json.writeValueAsString(together)).get("rocAucStd").isNumber());
    }

    private static void assertScoresEqual(VerificationScore alone, VerificationScore among) {
        assertEquals(alone.set(), among.set());
        assertEquals(alone.pairs(), among.pairs());
        assertEquals(alone.accuracy(), among.accuracy());
        assertEquals(alone.accuracyStd(), among.accuracyStd());
        assertEquals(alone.tarAtFar1e3(), among.tarAtFar1e3());
        assertEquals(alone.tarAtFar1e4(), among.tarAtFar1e4());
        assertEquals(alone.rocAuc(), among.rocAuc());
        assertEquals(alone.rocAucStd(), among.rocAucStd());
        assertEquals(alone.pixelBaselineAccuracy(), among.pixelBaselineAccuracy());
    }

    @Test
    void aMissingOrRepeatedSetIsAOneLineErrorNamingIt() throws Exception {
        Path missing = tmp.resolve("cfp_fp.bin");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(List.of(celebaBin, missing)));
        assertTrue(e.getMessage().contains(missing.toString()) && !e.getMessage().contains("\n"), e.getMessage());
        Path copy = Files.createDirectories(tmp.resolve("other")).resolve("orl.bin");
        Files.copy(orlBin, copy);
        e = assertThrows(IllegalArgumentException.class, () -> load(List.of(orlBin, copy)));
        assertTrue(e.getMessage().contains("two verification sets are named orl.bin"), e.getMessage());
    }
}

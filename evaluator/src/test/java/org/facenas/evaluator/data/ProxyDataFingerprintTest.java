package org.facenas.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.facenas.data.SharedData;
import org.facenas.data.bin.VerificationBin;
import org.facenas.data.hash.Sha256;
import org.facenas.data.lfw.Pair;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.pack.DatasetPacker;
import org.facenas.evaluator.score.PairCosines;
import org.facenas.records.proxy.ProxySettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy data a seed draws does not change when the loader's code is reorganised: the same training images in the
 * same order with the same pixels and labels, the same verification pairs over the same image bytes, the same skipped
 * and left-out files, and the same counts in the log line ("subset lfw_folder ... keys=...").
 *
 * <p>Why the expected values are fixed strings: the draw ranks identities by SHA-256(seed, name) and images by
 * SHA-256(seed, content), and the pairs follow the files' order, so every value below depends only on the bytes of
 * the shared datasets and on these settings, never on the file system's listing order, the thread count or the JVM.
 * They were printed by this test on main at e84f1ad, before the loader (then {@code SourceProxyData}) was split by concept; a change
 * to the draw, the leak rule or the pair reading changes them.
 *
 * <p>Cases: celeba112 at tiny's subset with its pairs file (seed 0) and with an extra .bin (seed 11); an LFW-layout
 * copy of ORL with a planted leak (a training identity holding a scoring image's bytes), drawn as a subset and
 * again for KD-only rows (every training image); the same ORL copy packed as InsightFace RecordIO with no people file,
 * scored on its own .bin.
 */
class ProxyDataFingerprintTest {

    static final Path SHARED = SharedData.root();
    static final Path CELEBA = SHARED.resolve("datasets/celeba112");
    static final Path ORL = OrlFolder.ORL;
    static final ProxySettings TINY = ProxySettings.preset("tiny").derive().epochs(1).build();
    static final ProxySettings ORL_EVERY_ID = ProxySettings.preset("tiny").derive().inputSize(16).epochs(1).trainSubset(0, 4).build();

    @TempDir
    static Path tmp;
    static Path orlFolder;
    static Path orlBin;
    static Path orlPacked;

    /**
     * ORL in the LFW layout: s1..s30 train (s5 also holds s31's first image, a scoring image: the planted leak), two folds of pairs over
     * s31..s40; the same pairs as a .bin; and the folder packed as RecordIO.
     */
    @BeforeAll
    static void writeSets() throws Exception {
        orlFolder = OrlFolder.write(tmp.resolve("orl"), 40, 30);
        Files.copy(ORL.resolve("s31/1.pgm"), orlFolder.resolve("images/s5/s5_0011.pgm"));
        List<Pair> pairs = new ArrayList<>();
        List<byte[]> binImages = new ArrayList<>();
        List<Boolean> binSame = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            for (int k = 0; k < 5; k++) {
                int s = 31 + (5 * f + k) % 10;
                pairs.add(Pair.same(f, "s" + s, k + 1, k + 3));
            }
            for (int k = 0; k < 5; k++) {
                int s = 31 + (5 * f + k) % 10;
                int t = 31 + (5 * f + k + 3) % 10;
                pairs.add(Pair.different(f, "s" + s, k + 2, "s" + t, 10 - k));
            }
        }
        Pairs.of(2, 5, pairs).write(orlFolder.resolve("pairsDevTest.txt"));
        for (Pair p : pairs) {
            binImages.add(Files.readAllBytes(ORL.resolve(p.name1()).resolve(p.n1() + ".pgm")));
            binImages.add(Files.readAllBytes(ORL.resolve(p.name2()).resolve(p.n2() + ".pgm")));
            binSame.add(p.isSame());
        }
        orlBin = tmp.resolve("orl.bin");
        new VerificationBin(binImages, binSame).write(orlBin);
        orlPacked = tmp.resolve("orl-rec");
        DatasetPacker.pack(orlFolder, orlFolder.resolve("peopleDevTrain.txt"), orlFolder.resolve("pairsDevTest.txt"), orlPacked);
    }

    @Test
    void celeba112TinySubsetIsTheSameAsBeforeTheSplit() {
        SourceProxyData d = SourceProxyData.load(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), CELEBA.resolve("pairsDevTest.txt"), TINY, 0);
        assertEquals("lfw_folder 1b7e5c1743a3 seed=0 ids=32 images=245 keys=aa87ab78332a verification=pairsDevTest.txt"
                + " | train 245 images of 32 ids, 0 skipped, 52 scoring ids | pairsDevTest.txt 200 pairs over 184 images | fp=ee45d2fd91668ec6", fingerprint(d));
    }

    @Test
    void celeba112WithABinAndAnotherSeedIsTheSameAsBeforeTheSplit() {
        SourceProxyData d = SourceProxyData.load(CELEBA, CELEBA.resolve("peopleDevTrain.txt"),
                List.of(CELEBA.resolve("pairsDevTest.txt"), orlBin), TINY, 11);
        assertEquals("lfw_folder 1b7e5c1743a3 seed=11 ids=32 images=242 keys=9d4a9672544c verification=pairsDevTest.txt,orl.bin"
                + " | train 242 images of 32 ids, 0 skipped, 52 scoring ids | pairsDevTest.txt 200 pairs over 184 images"
                + " | orl.bin 20 pairs over 40 images | fp=7b7b43058c27497e", fingerprint(d));
    }

    @Test
    void orlFolderWithALeakAndItsKdImagesAreTheSameAsBeforeTheSplit() {
        SourceProxyData d = SourceProxyData.load(orlFolder, orlFolder.resolve("peopleDevTrain.txt"),
                orlFolder.resolve("pairsDevTest.txt"), ORL_EVERY_ID, 3);
        KdImages kd = d.everyTrainingImage();
        assertAll(() -> assertEquals("lfw_folder 9f3a8c346fa0 seed=3 ids=30 images=120 keys=63f31f57510d verification=pairsDevTest.txt"
                        + " | train 120 images of 30 ids, 1 skipped, 10 scoring ids | pairsDevTest.txt 20 pairs over 40 images"
                        + " | fp=34e8ab84e344f88d", fingerprint(d)),
                () -> assertEquals("kd 300 images of 30 ids | fp=cfd679ce3b5d03da", fingerprint(kd)));
    }

    @Test
    void orlPackedAsRecordIoIsTheSameAsBeforeTheSplit() {
        SourceProxyData d = SourceProxyData.load(orlPacked, null, List.of(), ORL_EVERY_ID, 3);
        assertEquals("insightface_recordio c4bb1df08734 seed=3 ids=30 images=120 keys=53a0c12a1f85 verification=pairsDevTest.bin"
                + " | train 120 images of 30 ids, 1 skipped, 0 scoring ids | pairsDevTest.bin 20 pairs over 40 images | fp=5bed3de67081fec0", fingerprint(d));
    }

    /** The log line's counts in words, then a SHA-256 over everything a proxy trains and scores on. */
    static String fingerprint(SourceProxyData d) {
        MessageDigest sha = Sha256.digest();
        FaceTensors t = d.train();
        StringBuilder words = new StringBuilder(d.subset().describe());
        words.append(String.format(Locale.ROOT, " | train %d images of %d ids, %d skipped, %d scoring ids", t.count(), t.classes(),
                d.skippedFiles().size(), d.scoringIdentities().size()));
        // the subset's paths are absolute (they differ by checkout): its describe() names the sets by file name
        update(sha, d.subset().describe());
        update(sha, String.join("\n", d.trainKeys()));
        tensors(sha, t);
        // the order of skipped files decoded in parallel is not fixed; their set is
        update(sha, String.join("\n", d.skippedFiles().stream().sorted().toList()));
        update(sha, String.join("\n", d.scoringIdentities().stream().sorted().toList()));
        for (VerificationSet v : d.verificationSets()) {
            words.append(String.format(Locale.ROOT, " | %s %d pairs over %d images", v.name(), v.pairs().size(), v.pixels().count()));
            update(sha, v.name());
            PairCosines p = v.pairs();
            for (int i = 0; i < p.size(); i++) {
                update(sha, p.first()[i] + " " + p.second()[i] + " " + p.same()[i] + " " + p.fold()[i]);
            }
            v.encoded().forEach(b -> update(sha, Sha256.hex(b)));
            for (int i = 0; i < v.pixels().count(); i++) {
                floats(sha, v.pixels().chw(i));
            }
        }
        return words + " | fp=" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    static String fingerprint(KdImages kd) {
        MessageDigest sha = Sha256.digest();
        update(sha, String.join("\n", kd.keys()));
        tensors(sha, kd.images());
        return String.format(Locale.ROOT, "kd %d images of %d ids | fp=%s", kd.images().count(), kd.images().classes(),
                HexFormat.of().formatHex(sha.digest()).substring(0, 16));
    }

    private static void tensors(MessageDigest sha, FaceTensors t) {
        update(sha, t.size() + " " + t.classes() + " " + java.util.Arrays.toString(t.labels()));
        for (int i = 0; i < t.count(); i++) {
            floats(sha, t.image(i));
        }
    }

    private static void floats(MessageDigest sha, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (float v : values) {
            b.putFloat(v);
        }
        sha.update(b.array());
    }

    private static void update(MessageDigest sha, String s) {
        Sha256.update(sha, s);
        sha.update((byte) 0);
    }
}

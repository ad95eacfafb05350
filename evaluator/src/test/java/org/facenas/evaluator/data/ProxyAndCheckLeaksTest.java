package org.facenas.evaluator.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facenas.data.bin.VerificationBin;
import org.facenas.data.check.CheckReport;
import org.facenas.data.check.DatasetChecker;
import org.facenas.data.lfw.Pair;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.pack.DatasetPacker;
import org.facenas.data.source.FaceSource;
import org.facenas.records.proxy.ProxySettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facenas data check} and proxy loading apply one leak rule ({@code HeldOutFaces}) and so report the same leaks:
 * on a small ORL copy in the LFW layout (s1..s30 train, s31..s35 scored by a pairs file, a .bin of s36..s40 that the
 * folder lacks) with a training image holding a pairs image's bytes, one holding a .bin image's bytes, and a duplicate
 * between two training identities (a duplicate, not a leak); and the same folder packed as RecordIO, scored on its
 * pairs packed as a .bin and on the same extra .bin.
 */
class ProxyAndCheckLeaksTest {

    static final Path ORL = OrlFolder.ORL;
    /** Every image of every training identity, every pair: the check sees them all, so must the proxy. */
    static final ProxySettings EVERY = ProxySettings.preset("tiny").derive().inputSize(16).epochs(1).trainSubset(0, 0).pairsPerFold(0).build();

    @TempDir
    static Path tmp;
    static Path folder;
    static Path pairs;
    static Path extraBin;

    @BeforeAll
    static void writeSet() throws Exception {
        folder = OrlFolder.write(tmp.resolve("orl"), 35, 30);
        pairs = folder.resolve("pairsDevTest.txt");
        // every image appears in one pair only, so a leak's verification image has one name in either report
        Pairs.of(1, 5, pairsOver(31)).write(pairs);
        List<byte[]> images = new ArrayList<>();
        List<Boolean> same = new ArrayList<>();
        for (Pair p : pairsOver(36)) {
            images.add(Files.readAllBytes(ORL.resolve(p.name1()).resolve(p.n1() + ".pgm")));
            images.add(Files.readAllBytes(ORL.resolve(p.name2()).resolve(p.n2() + ".pgm")));
            same.add(p.isSame());
        }
        extraBin = tmp.resolve("orl-extra.bin");
        new VerificationBin(images, same).write(extraBin);
        // the leaks: s5 holds s31's scored image 1, s7 holds s38's image 2 (image 5 of the .bin)
        Files.copy(ORL.resolve("s31/1.pgm"), folder.resolve("images/s5/s5_0011.pgm"));
        Files.copy(ORL.resolve("s38/2.pgm"), folder.resolve("images/s7/s7_0011.pgm"));
        // not a leak: two training identities share a face that is never scored
        Files.copy(ORL.resolve("s10/1.pgm"), folder.resolve("images/s9/s9_0011.pgm"));
    }

    /** Five same and five different pairs over identities first..first+4, no image used twice. */
    private static List<Pair> pairsOver(int first) {
        List<Pair> out = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            out.add(Pair.same(0, "s" + (first + k), 1, 2));
        }
        for (int k = 0; k < 5; k++) {
            out.add(Pair.different(0, "s" + (first + k), 3 + k % 2, "s" + (first + (k + 1) % 5), 3 + k % 2 + (k == 4 ? 1 : 0)));
        }
        return out;
    }

    @Test
    void lfwFolderCheckAndProxyReportTheSameLeaks() {
        List<String> checked;
        try (FaceSource source = FaceSource.open(folder)) {
            CheckReport r = DatasetChecker.expectingSize(92, 112).check(source, List.of(Pairs.read(pairs)), List.of(extraBin));
            checked = r.leaks().stream().sorted().toList();
            assertEquals(1, r.duplicateGroups().stream().filter(g -> g.contains("s9/s9_0011.pgm")).count(), r.duplicateGroups().toString());
        }
        assertEquals(List.of("s5/s5_0011.pgm = pairs s31/s31_0001.pgm", "s7/s7_0011.pgm = pairs orl-extra.bin image 5"), checked);

        SourceProxyData proxy = SourceProxyData.load(folder, folder.resolve("peopleDevTrain.txt"), List.of(pairs, extraBin), EVERY, 0);
        assertEquals(checked, proxy.leaks().stream().sorted().toList());
        assertEquals(30 * 10 + 3 - 2, proxy.train().count(), "every training image but the two leaks");
    }

    @Test
    void recordIoCheckAndProxyReportTheSameLeaks() throws Exception {
        Path packed = tmp.resolve("rec");
        DatasetPacker.pack(folder, folder.resolve("peopleDevTrain.txt"), pairs, packed);
        List<Path> bins = List.of(packed.resolve("pairsDevTest.bin"), extraBin);
        List<String> checked;
        try (FaceSource source = FaceSource.open(packed)) {
            checked = DatasetChecker.expectingSize(92, 112).check(source, List.of(), bins).leaks().stream().sorted().toList();
        }
        assertEquals(2, checked.size(), checked.toString());
        assertEquals(List.of("s5 #", "s7 #"), checked.stream().map(l -> l.substring(0, 4)).toList(), checked.toString());
        assertEquals(List.of(" = pairs pairsDevTest.bin image 0", " = pairs orl-extra.bin image 5"),
                checked.stream().map(l -> l.substring(l.indexOf(" = "))).toList(), checked.toString());

        SourceProxyData proxy = SourceProxyData.load(packed, null, bins, EVERY, 0);
        assertEquals(checked, proxy.leaks().stream().sorted().toList());
    }
}

package org.facenas.search.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.facenas.results.stats.Bootstrap;
import org.facenas.search.cli.FaceNas;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KdComparisonTest {

    @Test
    void variantsSummariseTheirOwnPairs() {
        Random r = new Random(4);
        List<KdComparison.Run> runs = new ArrayList<>();
        double sumA = 0;
        for (int arch = 0; arch < 4; arch++) {
            for (int seed = 1; seed <= 3; seed++) {
                double base = 0.6 + 0.05 * arch + 0.01 * r.nextGaussian();
                double gain = 0.05 + 0.01 * r.nextGaussian();
                sumA += gain;
                runs.add(new KdComparison.Run("a" + arch, seed, "A", base, base + gain, 0.5, 0.6));
                runs.add(new KdComparison.Run("a" + arch, seed, "B", base, base - 0.001 * seed, null, 0.2));
            }
        }
        KdComparison c = KdComparison.of("p", runs, new Bootstrap(2000, 0.90, 1), null);
        assertEquals(2, c.variants().size());
        KdComparison.Variant a = c.variants().get(0);
        assertEquals("A", a.kd());
        assertEquals(12, a.pairs());
        assertEquals(sumA / 12, a.meanGain(), 1e-12);
        assertTrue(a.gainLow() > 0.03 && a.gainLow() < a.meanGain() && a.meanGain() < a.gainHigh(), a.toString());
        assertEquals(0.5, a.meanHeldOutCosine(), 1e-12);
        KdComparison.Variant b = c.variants().get(1);
        assertEquals(-0.002, b.meanGain(), 1e-12);
        assertTrue(b.gainHigh() < 0, "every pair lost: the interval is below zero " + b);
        assertNull(b.meanHeldOutCosine());
        assertEquals(90, c.level());
    }

    @Test
    void benchKdRejectsBadVariantsBeforeTrainingAnything() {
        for (String bad : new String[] {"none", "cosin", "cosine+warmup=2"}) {
            CommandLine cli = FaceNas.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            assertEquals(2, cli.execute("bench", "kd", "--kd", bad, "--archs", "ds-face-k7", "--seeds", "1"), bad);
        }
    }
}

package org.facenas.records.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KdSettingsTest {

    @Test
    void specsReadBackWhatTheyDescribe() {
        assertNull(KdSettings.parse("none", null));
        assertNull(KdSettings.parse(null, 5.0));
        KdSettings k = KdSettings.parse("cosine+warmup=0.25+head@7", null);
        assertEquals(new KdSettings(KdSettings.Kind.COSINE, 7, 0.25, true), k);
        assertEquals(k, KdSettings.parse(k.spec(), null));
        assertEquals(k, KdSettings.parse("cosine@7+warmup=0.25+head", 3.0), "the weight may sit after the kind");
        assertEquals(new KdSettings(KdSettings.Kind.POCKETNET, 1000), KdSettings.parse("PocketNet", Double.NaN));
        assertEquals(3.0, KdSettings.parse("similarity", 3.0).lambda());
        assertEquals(KdSettings.parse(KdSettings.DEFAULT, null), KdSettings.parse("default", null));
        assertEquals(30.0, KdSettings.parse("default", null).lambda(), "the default's measured weight");
        assertEquals(50.0, KdSettings.parse("default", 50.0).lambda(), "an explicit weight replaces the default's");
        assertEquals(25, k.warmupSteps(100));
        assertEquals(0, KdSettings.parse("cosine", null).warmupSteps(100));
    }

    @Test
    void extraAndDecayReadBack() {
        KdSettings k = KdSettings.parse("cosine+warmup=0.3+head+extra=32+decay@30", null);
        assertEquals(new KdSettings(KdSettings.Kind.COSINE, 30, 0.3, true, 32, true), k);
        assertEquals("cosine+warmup=0.3+head+extra=32+decay@30.0", k.spec());
        assertEquals("cosine+warmup=0.3+head+extra=32+decay(lambda=30.0)", k.describe());
        assertEquals(k, KdSettings.parse(k.spec(), null));
        assertEquals(k, KdSettings.parse("cosine@30+decay+extra=32+head+warmup=0.3", null), "options in any order");
        assertEquals(new KdSettings(KdSettings.Kind.SIMILARITY, 100, 0, false, 8, false), KdSettings.parse("similarity+extra=8", null));
        // without the new options the spec is the one earlier runs were recorded under
        assertEquals("cosine+warmup=0.3+head@30.0", KdSettings.parse("cosine+warmup=0.3+head@30", null).spec());
    }

    @Test
    void defaultTakesAWeightAndOptionsInsideTheSpec() {
        KdSettings d = KdSettings.parse("default", null);
        assertEquals(new KdSettings(KdSettings.Kind.COSINE, 30, 0.3, true), d);
        assertEquals(KdSettings.parse(KdSettings.DEFAULT, null), d);
        // the weight inside the spec, or a config's teacher.lambda
        assertEquals(new KdSettings(KdSettings.Kind.COSINE, 20, 0.3, true), KdSettings.parse("default@20", null));
        assertEquals(KdSettings.parse("default@20", null), KdSettings.parse("default", 20.0));
        assertEquals(new KdSettings(KdSettings.Kind.COSINE, 30, 0.3, true, 96, false), KdSettings.parse("default+extra=96", null));
        assertEquals(KdSettings.parse("cosine+warmup=0.3+head+extra=96@30", null), KdSettings.parse("default+extra=96", null));
    }

    @Test
    void decayFallsLinearlyAfterTheWarmup() {
        KdSettings k = KdSettings.parse("cosine+warmup=0.25+decay@8", null);
        // 20 steps, 5 of warm-up at full weight, then 8 x (20 - s) / 15
        for (int s = 0; s < 20; s++) {
            double expected = s < 5 ? 8 : 8.0 * (20 - s) / 15;
            assertEquals(expected, k.weightAt(s, 20), 1e-12, "step " + s);
        }
        assertEquals(8, KdSettings.parse("cosine@8", null).weightAt(19, 20), "no decay: constant");
    }

    @Test
    void badSpecsSayWhatToWrite() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosine+extra=x", null)).getMessage().contains("extra=32"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosine+extra=1.5", null)).getMessage().contains("whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosine+extra=-3", null)).getMessage().contains("0..4096"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosine+decay=2", null)).getMessage().contains("extra=IMAGES or decay"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosin", null)).getMessage().contains("pocketnet|cosine|similarity"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosine+warm=1", null)).getMessage().contains("warmup=FRACTION"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosine+warmup=x", null)).getMessage().contains("warmup=0.3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosine+warmup=0.95", null)).getMessage().contains("0..0.9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosine@-1", null)).getMessage().contains("positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("similarity+head", null)).getMessage().contains("projection"));
    }
}

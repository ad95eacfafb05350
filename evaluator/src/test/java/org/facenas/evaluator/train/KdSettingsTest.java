package org.facenas.evaluator.train;

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
        assertEquals(25, k.warmupSteps(100));
        assertEquals(0, KdSettings.parse("cosine", null).warmupSteps(100));
    }

    @Test
    void badSpecsSayWhatToWrite() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosin", null)).getMessage().contains("pocketnet|cosine|similarity"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosine+warm=1", null)).getMessage().contains("warmup=FRACTION"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosine+warmup=x", null)).getMessage().contains("warmup=0.3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosine+warmup=0.95", null)).getMessage().contains("0..0.9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("cosine@-1", null)).getMessage().contains("positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KdSettings.parse("similarity+head", null)).getMessage().contains("projection"));
    }
}

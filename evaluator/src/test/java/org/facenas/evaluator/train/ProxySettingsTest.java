package org.facenas.evaluator.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facenas.evaluator.dl4j.Margin;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

    /** The description is the proxy field of every recorded result: runs recorded before Margin existed must match. */
    @Test
    void presetDescriptionsAreUnchanged() {
        assertEquals("quick:in48,ep3,b32,lr0.002,wd5.0E-4,ids0,ipi0,ppf0,fliptrue,cosface(s32.0,m0.35)",
                ProxySettings.preset("quick").describe());
        assertEquals("tiny:in32,ep2,b32,lr0.002,wd5.0E-4,ids32,ipi8,ppf20,fliptrue,cosface(s32.0,m0.35)",
                ProxySettings.preset("tiny").describe());
    }

    @Test
    void aDerivedVariantChangesOnlyWhatItSets() {
        ProxySettings quick = ProxySettings.preset("quick");
        ProxySettings one = quick.derive().epochs(1).build();
        assertEquals(new ProxySettings("quick", 48, 1, 32, 2e-3, 5e-4, 0, 0, 0, true, Margin.cosFace(32)), one);
        assertEquals(quick, quick.derive().build());
        ProxySettings arc = quick.derive().margin(Margin.of(Margin.Kind.ARCFACE, 64)).build();
        assertEquals(new Margin(Margin.Kind.ARCFACE, 64, 0.5), arc.margin());
        assertEquals(quick.inputSize(), arc.inputSize());
    }

    @Test
    void aDerivedVariantIsCheckedLikeAPreset() {
        var e = assertThrows(IllegalArgumentException.class, () -> ProxySettings.preset("tiny").derive().batchSize(1).build());
        assertTrue(e.getMessage().contains("batch size"), e.getMessage());
        var s = assertThrows(IllegalArgumentException.class, () -> Margin.cosFace(1e39));
        assertTrue(s.getMessage().contains("margin scale"), s.getMessage());
    }
}

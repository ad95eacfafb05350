package org.facenas.records.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProxySettingsTest {

    /**
     * The description is the proxy field of every recorded result: DL4J's old double weight decay reads exactly as the
     * keys recorded before Margin existed, and the decay acting once (every preset that trains now) names itself.
     */
    @Test
    void presetDescriptionsNameTheWeightDecayRule() {
        String quick = "quick:in48,ep3,b32,lr0.002,wd5.0E-4,ids0,ipi0,ppf0,fliptrue,cosface(s32.0,m0.35)";
        String tiny = "tiny:in32,ep2,b32,lr0.002,wd5.0E-4,ids32,ipi8,ppf20,fliptrue,cosface(s32.0,m0.35)";
        assertEquals(quick, ProxyOverrides.parse("quick:weightDecayRule=doubled").describe());
        assertEquals(tiny, ProxySettings.preset("tiny").derive().weightDecayRule(WeightDecayRule.DOUBLED).build().describe());
        assertEquals(quick + ",wdrule=once", ProxySettings.preset("quick").describe());
        assertEquals(tiny + ",wdrule=once", ProxySettings.preset("tiny").describe());
        for (ProxySettings p : ProxySettings.presets().values()) {
            ProxySettings old = p.derive().weightDecayRule(WeightDecayRule.DOUBLED).build();
            if (p.zeroCostOnly()) {
                assertEquals(p.describe(), old.describe(), "nothing trains on " + p.name() + ": its records stand");
                assertEquals(WeightDecayRule.ONCE, old.weightDecayRule());
            } else {
                assertNotEquals(p.describe(), old.describe(), p.name() + "'s key changed with its decay");
                assertEquals(WeightDecayRule.ONCE, p.weightDecayRule());
                assertEquals(p.name(), ProxyOverrides.parse(p.name() + ":weightDecayRule=doubled").name(), "keeps the preset's name");
                assertEquals(old, ProxyOverrides.parse(p.name() + ":weightDecayRule=doubled"));
            }
        }
        // the arcface recipe sets its L2 once per layer and always did: its key is unchanged
        ProxySettings arc = Recipe.ARCFACE.apply(ProxySettings.fullTraining(3));
        assertTrue(arc.describe().endsWith(",recipe=arcface"), arc.describe());
        assertFalse(arc.describe().contains("wdrule"), arc.describe());
        assertEquals(arc, Recipe.ARCFACE.apply(ProxySettings.fullTraining(3).derive().weightDecayRule(WeightDecayRule.DOUBLED).build()));
    }

    @Test
    void theWeightDecayRuleIsAnOverrideCheckedLikeTheOthers() {
        ProxySettings named = ProxyOverrides.parse("q-old=quick:epochs=1:weightDecayRule=doubled");
        assertEquals(WeightDecayRule.DOUBLED, named.weightDecayRule());
        assertEquals("q-old:in48,ep1,b32,lr0.002,wd5.0E-4,ids0,ipi0,ppf0,fliptrue,cosface(s32.0,m0.35)", named.describe());
        assertEquals(WeightDecayRule.ONCE, ProxyOverrides.parse("q1=quick:weightDecayRule=once").weightDecayRule());
        var bad = assertThrows(IllegalArgumentException.class, () -> ProxyOverrides.parse("quick:weightDecayRule=triple"));
        assertEquals("proxy 'quick:weightDecayRule=triple': weight decay rule triple: use one of once, doubled", bad.getMessage());
        var other = assertThrows(IllegalArgumentException.class, () -> ProxyOverrides.parse("quick:epochs=1"));
        assertTrue(other.getMessage().contains("named overrides start with a name") && other.getMessage().contains("weightDecayRule"),
                other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProxyOverrides.parse("quick:weightDecayRule=doubled:epochs=1"));
        assertThrows(IllegalArgumentException.class, () -> ProxyOverrides.parse("nonesuch:weightDecayRule=doubled"));
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

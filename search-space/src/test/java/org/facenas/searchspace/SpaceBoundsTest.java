package org.facenas.searchspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.budget.Budget;
import org.facenas.searchspace.budget.BudgetRepair;
import org.facenas.searchspace.budget.Limit;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.codec.SpaceBounds;
import org.facenas.searchspace.codec.SpaceFile;
import org.facenas.searchspace.codec.SpaceMembers;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;

class SpaceBoundsTest {

    /**
     * Small enough to enumerate, and with the genes that make per-gene choices inexact: RES blocks (a projection
     * shortcut at stride 2 or a width change), all three block types, strides both ways, skip on and off.
     */
    static final String ORACLE_SPACE = """
            name: oracle
            stem: stem_c16
            stages:
              - types: [ds, ir, res]
                kernels: [5]
                expansions: [1, 2]
                widths: [16, 24]
                repeats: [1, 2, 3]
                strides: [2, 1]
                se: [0, 0.25]
                skip: [true, false]
              - types: [res, ds]
                kernels: [3]
                expansions: [1]
                widths: [32, 24]
                repeats: [1, 2]
                strides: [1, 2]
                se: [0]
                skip: [false, true]
            head:
              widths: [32]
              poolings: [gdc, gap]
              embeddings: [16]
            """;

    @Test
    void boundsAndCountMatchEnumeratingEveryGenotype() {
        SearchSpace space = SpaceFile.parse(ORACLE_SPACE, "oracle.yaml", "oracle");
        ArchitectureCodec codec = ArchitectureCodec.of(space);
        int[] counts = new int[codec.geneCount()];
        for (int g = 0; g < counts.length; g++) {
            counts[g] = codec.choiceCount(g);
        }
        Map<String, Cost> members = new HashMap<>();
        int[] idx = new int[counts.length];
        long genotypes = 0;
        do {
            Architecture a = codec.decode(idx);
            members.computeIfAbsent(a.blockString(), k -> CostModel.of(a));
            genotypes++;
        } while (odometer(idx, counts));
        assertTrue(genotypes > members.size(), "inert genes make genotypes outnumber members");

        SpaceMembers spaceMembers = new SpaceMembers(space);
        assertEquals(BigInteger.valueOf(members.size()), spaceMembers.count());
        assertEquals(Math.log10(members.size()), spaceMembers.log10Count(), 1e-9);

        long minParams = members.values().stream().mapToLong(Cost::params).min().orElseThrow();
        long maxParams = members.values().stream().mapToLong(Cost::params).max().orElseThrow();
        long minFlops = members.values().stream().mapToLong(Cost::flops).min().orElseThrow();
        long maxFlops = members.values().stream().mapToLong(Cost::flops).max().orElseThrow();
        SpaceBounds bounds = SpaceBounds.of(space);
        assertEquals(minParams, bounds.fewestParams().cost().params());
        assertEquals(maxParams, bounds.mostParams().cost().params());
        assertEquals(minFlops, bounds.fewestMflops().cost().flops());
        assertEquals(maxFlops, bounds.mostMflops().cost().flops());
        // the extremes are members, costed as whole networks
        for (SpaceBounds.Extreme e : new SpaceBounds.Extreme[]{bounds.fewestParams(), bounds.mostParams(),
                bounds.fewestMflops(), bounds.mostMflops()}) {
            assertEquals(members.get(e.architecture().blockString()).flops(), e.cost().flops(), e.architecture().blockString());
        }
        // the first choice of every gene is not the fewest params here: per-gene choices would be wrong
        assertTrue(CostModel.of(codec.decode(new int[counts.length])).params() > minParams);
    }

    @Test
    void aBudgetOnlyTheReorderedListsCouldMeetSaysSo() {
        SearchSpace space = SpaceFile.parse(ORACLE_SPACE, "oracle.yaml", "oracle");
        ArchitectureCodec codec = ArchitectureCodec.of(space);
        SpaceBounds bounds = SpaceBounds.of(space);
        long fewest = bounds.fewestParams().cost().params();
        // some members fit, but not the first choices the repair falls back to: the lists' order is the fault
        Budget between = new Budget("between", null, Limit.atMost(fewest), null, null);
        String e = assertThrows(IllegalArgumentException.class, () -> BudgetRepair.of(codec, between)).getMessage();
        assertTrue(e.contains("is broken by the first choice of every gene of search space 'oracle'")
                && e.contains("put each list's cheapest choice first"), e);
        Budget below = new Budget("below", null, Limit.below(fewest), null, null);
        e = assertThrows(IllegalArgumentException.class, () -> BudgetRepair.of(codec, below)).getMessage();
        assertTrue(e.startsWith("budget below (params < " + fewest + ") leaves no member of search space 'oracle': its fewest params are"), e);
    }

    @Test
    void samplingDrawsDistinctMembersUniformly() {
        SearchSpace space = SpaceFile.parse(ORACLE_SPACE, "oracle.yaml", "oracle");
        SpaceMembers members = new SpaceMembers(space);
        ArchitectureCodec codec = ArchitectureCodec.of(space);
        SplittableRandom random = new SplittableRandom(7);
        // stage 2 has 2 x 2 x 2 x 2 = 16 distinct DS and 16 RES blocks: half the draws should be RES
        int res = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            Architecture a = members.sample(random);
            codec.indicesOf(a);
            res += a.stages().get(1).type().token().equals("res") ? 1 : 0;
        }
        assertEquals(0.5, res / (double) n, 0.03);
    }

    @Test
    void mbfLocalHasItsMobileFaceNetInsideItsBounds() {
        for (String name : java.util.List.of("mbf-local")) {
            SpaceBounds b = SpaceBounds.of(SearchSpace.named(name));
            Cost mbf = CostModel.of(Zoo.get("mobilefacenet-512"));
            assertTrue(b.fewestMflops().cost().flops() < mbf.flops() && mbf.flops() < b.mostMflops().cost().flops(), name);
            assertTrue(b.fewestParams().cost().params() < mbf.params() && mbf.params() < b.mostParams().cost().params(), name);
        }
    }

    private static boolean odometer(int[] idx, int[] counts) {
        for (int g = idx.length - 1; g >= 0; g--) {
            if (++idx[g] < counts[g]) {
                return true;
            }
            idx[g] = 0;
        }
        return false;
    }
}

package org.facenas.searchspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenetics.util.RandomRegistry;
import java.util.random.RandomGenerator;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.arch.BlockType;
import org.facenas.searchspace.arch.HeadPooling;
import org.facenas.searchspace.arch.Stage;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.cost.StageCost;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CostModelTest {

    /** Golden figures from independent recounts of the published networks. */
    @ParameterizedTest
    @CsvSource({
            "mobilefacenet,     1003136, 221.0",
            "mobilefacenet-512, 1200512, 221.2",
            "mbf-insightface,   2059520, 437.5",
    })
    void reproducesPublishedNetworks(String name, long params, double mmacs) {
        Cost c = CostModel.of(Zoo.get(name));
        assertEquals(params, c.params(), name + " params");
        assertEquals(mmacs, c.mmacs(), mmacs * 0.005, name + " MACs within 0.5%");
        assertEquals(2 * c.macs(), c.flops());
        assertEquals(4 * c.params(), c.sizeBytes());
    }

    /** A second, closed-form count per block (the way a paper's table is recounted by hand), as the oracle. */
    private static long[] oracle(Architecture a, int input) {
        long params = 0;
        long macs = 0;
        int hw = (input - 1) / 2 + 1;
        int c = a.stem().channels();
        params += 27L * c + 3L * c;
        macs += 27L * c * hw * hw;
        params += 9L * c / a.stem().groups() * c + 3L * c;
        macs += 9L * c / a.stem().groups() * c * hw * hw;
        for (Stage s : a.stages()) {
            for (int b = 0; b < s.repeats(); b++) {
                int stride = b == 0 ? s.stride() : 1;
                int out = (hw - 1) / stride + 1;
                int k2 = s.kernel() * s.kernel();
                int o = s.channels();
                if (s.type() == BlockType.IR) {
                    long h = (long) c * s.expansion();
                    params += c * h + 3 * h + k2 * h + 3 * h + h * o + 2L * o;
                    macs += (long) c * h * hw * hw + k2 * h * out * out + h * o * out * out;
                    if (s.seRatio() > 0) {
                        long r = Math.max(1, Math.round(c * s.seRatio()));
                        params += h * r + r + r * h + h;
                        macs += 2 * h * r;
                    }
                } else if (s.type() == BlockType.DS) {
                    params += k2 * (long) c + 3L * c + (long) c * o + 2L * o;
                    macs += k2 * (long) c * out * out + (long) c * o * out * out;
                } else {
                    params += 2L * c + (long) k2 * c * o + 3L * o + (long) k2 * o * o + 2L * o;
                    macs += (long) k2 * c * o * hw * hw + (long) k2 * o * o * out * out;
                    if (s.skip() && (stride != 1 || c != o)) {
                        params += (long) c * o + 2L * o;
                        macs += (long) c * o * out * out;
                    }
                }
                hw = out;
                c = o;
            }
        }
        int hc = a.head().channels();
        params += (long) c * hc + 3L * hc;
        macs += (long) c * hc * hw * hw;
        if (a.head().pooling() == HeadPooling.GDC) {
            params += (long) hw * hw * hc + 2L * hc;
            macs += (long) hw * hw * hc;
        }
        int e = a.embeddingSize();
        params += (long) hc * e + 2L * e;
        macs += (long) hc * e;
        return new long[] {params, macs};
    }

    @Test
    void agreesWithClosedFormOracleOnRandomArchitectures() {
        ArchitectureCodec codec = ArchitectureCodec.of(SearchSpace.mobileFaceNetSpace());
        RandomRegistry.using(RandomGenerator.of("L64X128MixRandom"), r -> {
            for (int i = 0; i < 1000; i++) {
                Architecture a = codec.decode(codec.encoding().newInstance());
                for (int input : new int[] {112, 64}) {
                    Cost cost = CostModel.of(a, input);
                    long[] expected = oracle(a, input);
                    assertEquals(expected[0], cost.params(), a + " params at " + input);
                    assertEquals(expected[1], cost.macs(), a + " MACs at " + input);
                }
            }
        });
        for (String name : Zoo.names()) {
            Architecture a = Zoo.get(name);
            assertEquals(oracle(a, 112)[0], CostModel.of(a).params(), name);
            assertEquals(oracle(a, 112)[1], CostModel.of(a).macs(), name);
        }
    }

    @Test
    void stageTotalsAddUpAndShapesFollowTheStrides() {
        Cost c = CostModel.of(Zoo.get("mobilefacenet"));
        assertEquals(c.params(), c.stages().stream().mapToLong(StageCost::params).sum());
        assertEquals(c.macs(), c.stages().stream().mapToLong(StageCost::macs).sum());
        assertEquals(7, c.stages().size());
        assertEquals("64x56x56", c.stages().get(0).output().toString());
        assertEquals("128x7x7", c.stages().get(5).output().toString());
        assertEquals("128x1x1", c.stages().get(6).output().toString());
    }

    @Test
    void peakActivationIsAtLeastTheLargestLiveTensorsAndAtMostAllOfThem() {
        NetworkGraph g = NetworkGraph.of(Zoo.get("mobilefacenet"), 112);
        Cost c = CostModel.of(g);
        // the first IR block of stage 1 expands 64x56x56 to 128x56x56 while its input is alive
        long expand = 4L * 128 * 56 * 56;
        assertTrue(c.peakActivationBytes() >= expand + 4L * 64 * 56 * 56, "peak " + c.peakActivationBytes());
        long all = g.nodes().stream().mapToLong(n -> 4 * n.output().elements()).sum();
        assertTrue(c.peakActivationBytes() < all);
    }

    @Test
    void gdconvParametersFollowTheInputSize() {
        Architecture mbf = Zoo.get("mobilefacenet");
        // at 64x64 the last map is 4x4, so GDConv has 16 weights per channel instead of 49
        assertEquals(CostModel.of(mbf).params() - 512L * (49 - 16), CostModel.of(mbf, 64).params());
    }

    @Test
    void outOfRangeInputIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CostModel.of(Zoo.get("mobilefacenet"), 4));
        assertEquals("input size 4 is out of range 8..1024", e.getMessage());
    }

    @Test
    void seAndResBlocksAddTheirOwnLayers() {
        Architecture plain = Architecture.parse("stem_c16,ir_r1_k3_s1_e2_c16,head_c64_gap_emb32");
        Architecture se = Architecture.parse("stem_c16,ir_r1_k3_s1_e2_c16_se0.25,head_c64_gap_emb32");
        // SE on 32 hidden channels with 4 reduced: 32*4+4 + 4*32+32
        assertEquals(32 * 4 + 4 + 4 * 32 + 32, CostModel.of(se).params() - CostModel.of(plain).params());
        Architecture skip = Architecture.parse("stem_c16,res_r1_k3_s2_c32,head_c64_gap_emb32");
        Architecture noskip = Architecture.parse("stem_c16,res_r1_k3_s2_c32_noskip,head_c64_gap_emb32");
        // projection shortcut: 1x1 conv 16->32 + BN
        assertEquals(16 * 32 + 64, CostModel.of(skip).params() - CostModel.of(noskip).params());
    }
}

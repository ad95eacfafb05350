package org.facenas.searchspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenetics.util.RandomRegistry;
import java.util.random.RandomGenerator;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.arch.BlockStringException;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockStringTest {

    @Test
    void everyZooModelRoundTrips() {
        for (String name : Zoo.names()) {
            Architecture a = Zoo.get(name);
            String s = a.blockString();
            assertEquals(a, Architecture.parse(s), name);
            assertEquals(s, Architecture.parse(s).blockString(), name);
        }
    }

    @Test
    void randomArchitecturesRoundTrip() {
        ArchitectureCodec codec = ArchitectureCodec.of(SearchSpace.mobileFaceNetSpace());
        RandomRegistry.using(RandomGenerator.of("L64X128MixRandom"), r -> {
            for (int i = 0; i < 2000; i++) {
                Architecture a = codec.decode(codec.encoding().newInstance());
                String s = a.blockString();
                Architecture back = Architecture.parse(s);
                assertEquals(a, back, s);
                assertEquals(s, back.blockString());
            }
        });
    }

    @Test
    void optionsInAnyOrderNormaliseToTheCanonicalString() {
        Architecture a = Architecture.parse("stem_c64, ir_c24_e6_s2_k3_r2_se0.250 ,head_emb128_gdc_c512");
        assertEquals("stem_c64,ir_r2_k3_s2_e6_c24_se0.25,head_c512_gdc_emb128", a.blockString());
    }

    @Test
    void defaultsAndFlags() {
        Architecture a = Architecture.parse("stem_c32_g16,ds_k5_c16,res_r2_k3_s2_c64_noskip,head_c256_gap_emb256");
        assertEquals(16, a.stem().groups());
        assertEquals(1, a.stages().get(0).repeats());
        assertEquals(1, a.stages().get(0).stride());
        assertTrue(!a.stages().get(1).skip());
        assertEquals("stem_c32_g16,ds_r1_k5_s1_c16,res_r2_k3_s2_c64_noskip,head_c256_gap_emb256", a.blockString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "stem_c64,ir_r2_kx_s2_e6_c24,head_c512_gdc_emb128|token 2 'ir_r2_kx_s2_e6_c24' (column 10): unknown option 'kx'",
            "stem_c64,ir_r2_k4_s2_e6_c24,head_c512_gdc_emb128|token 2 'ir_r2_k4_s2_e6_c24' (column 10): kernel 4 is not one of 3, 5, 7",
            "stem_c64,ir_r2_k3_s2_c24,head_c512_gdc_emb128|token 2 'ir_r2_k3_s2_c24' (column 10): missing option 'e'",
            "stem_c64,xx_r2_k3_c24,head_c512_gdc_emb128|token 2 'xx_r2_k3_c24' (column 10): unknown block type 'xx'",
            "stem_c64,ds_r1_k3_e2_c24,head_c512_gdc_emb128|token 2 'ds_r1_k3_e2_c24' (column 10): unknown option 'e2'",
            "stem_c64,ir_r1_k3_e2_c24,,head_c512_gdc_emb128|token 3 '' (column 26): empty token",
            "stem_c64,ir_r1_k3_e2_c24,head_c512_emb128|token 3 'head_c512_emb128' (column 26): the head needs exactly one pooling word",
            "stem_c64_g5,ir_r1_k3_e2_c24,head_c512_gdc_emb128|token 1 'stem_c64_g5' (column 1): stem groups 5 must divide",
            "stem_c64,ir_r1_k3_e2_c24_se1.5,head_c512_gdc_emb128|SE ratio 1.5 is out of range",
            "stem_c64,ir_r1_k3_e2_c24_c32,head_c512_gdc_emb128|option 'c' is given twice",
            "ir_r1_k3_e2_c24,head_c512_gdc_emb128|token 1 'ir_r1_k3_e2_c24' (column 1): the architecture must start with the stem",
            "stem_c64,head_c512_gdc_emb128|has no stage",
            "stem_c64,ir_r1_k3_e2_c24|token 2 'ir_r1_k3_e2_c24' (column 10): the architecture must end with the head",
    })
    void malformedStringsNameTheTokenAndPosition(String text, String expected) {
        BlockStringException e = assertThrows(BlockStringException.class, () -> Architecture.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void zooResolvesNamesAndBlockStrings() {
        assertEquals(Zoo.get("mobilefacenet"), Zoo.resolve("mobilefacenet"));
        assertEquals(Zoo.get("mobilefacenet"), Zoo.resolve(Zoo.get("mobilefacenet").blockString()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Zoo.resolve("mobilefacent"));
        assertTrue(e.getMessage().startsWith("unknown architecture 'mobilefacent'"), e.getMessage());
        assertEquals("mbf-insightface", Zoo.nameOf(Zoo.get("mbf-insightface")).orElseThrow());
    }
}

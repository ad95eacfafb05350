package org.facenas.searchspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenetics.Genotype;
import io.jenetics.IntegerGene;
import io.jenetics.util.RandomRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.arch.BlockType;
import org.facenas.searchspace.arch.HeadPooling;
import org.facenas.searchspace.arch.Stem;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.codec.SpaceFile;
import org.facenas.searchspace.codec.StageChoices;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpaceFileTest {

    /** mbf-space exactly as the code built it before spaces were files: the shipped file must not move a run. */
    private static SearchSpace legacyMbfSpace() {
        List<StageChoices> stages = new ArrayList<>();
        for (int base : new int[]{64, 128, 128, 128, 128}) {
            stages.add(new StageChoices(List.of(BlockType.DS, BlockType.IR, BlockType.RES), List.of(3, 5, 7),
                    List.of(1, 2, 4, 6), StageChoices.widthsAround(base, 0.5, 0.75, 1.0, 1.25, 1.5),
                    List.of(1, 2, 3, 4, 5, 6), List.of(2, 1), List.of(0.0, 0.25), List.of(true, false)));
        }
        return new SearchSpace("mbf-space", Stem.depthwise(64), stages, List.of(256, 512, 768),
                List.of(HeadPooling.GAP, HeadPooling.GDC), List.of(128, 256, 512));
    }

    @Test
    void shippedMbfSpaceIsTheHardCodedOneGeneForGene() {
        SearchSpace shipped = SearchSpace.named("mbf-space");
        assertEquals(legacyMbfSpace(), shipped);
        ArchitectureCodec before = ArchitectureCodec.of(legacyMbfSpace());
        ArchitectureCodec after = ArchitectureCodec.of(shipped);
        assertEquals(before.geneCount(), after.geneCount());
        // the same genotypes (values over the whole shared range, not only indices) decode alike
        RandomRegistry.using(RandomGenerator.of("L64X128MixRandom"), r -> {
            for (int i = 0; i < 2000; i++) {
                Genotype<IntegerGene> g = before.encoding().newInstance();
                assertEquals(before.decode(g).blockString(), after.decode(g).blockString());
                assertEquals(g.chromosome().gene().max(), after.encoding().newInstance().chromosome().gene().max());
            }
        });
    }

    @Test
    void mbfLocalHoldsBothMobileFaceNetsAndKeepsTheirMacroStructure() {
        ArchitectureCodec codec = ArchitectureCodec.of(SearchSpace.named("mbf-local"));
        for (String name : List.of("mobilefacenet", "mobilefacenet-512")) {
            Architecture a = Zoo.get(name);
            int[] idx = codec.indicesOf(a);
            assertEquals(a.blockString(), codec.decode(idx).blockString(), name);
        }
        Architecture mbf = Zoo.get("mobilefacenet-512");
        RandomRegistry.using(RandomGenerator.of("L64X128MixRandom"), r -> {
            for (int i = 0; i < 500; i++) {
                Architecture a = codec.decode(codec.encoding().newInstance());
                for (int s = 0; s < mbf.stages().size(); s++) {
                    var mine = a.stages().get(s);
                    var theirs = mbf.stages().get(s);
                    assertEquals(theirs.type(), mine.type());
                    assertEquals(theirs.stride(), mine.stride());
                    assertEquals(theirs.skip(), mine.skip());
                    assertTrue(Math.abs(mine.repeats() - theirs.repeats()) <= 2, a.blockString());
                    double ratio = (double) mine.channels() / theirs.channels();
                    assertTrue(ratio >= 0.75 && ratio <= 1.5, a.blockString());
                }
            }
        });
        // a neighbour outside it names the first gene that does not fit
        Architecture k7 = Architecture.parse(mbf.blockString().replace("ir_r6_k3", "ir_r6_k7"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.indicesOf(k7));
        assertTrue(e.getMessage().contains("stage 3 kernel 7 is not one of [3, 5]"), e.getMessage());
    }

    @Test
    void aSpaceFileIsReadRelativeToItsDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tiny.yaml"), TINY);
        SearchSpace s = SearchSpace.resolve("tiny.yaml", dir);
        assertEquals("tiny", s.name());
        assertEquals(List.of(16, 24), s.stages().get(0).widths());
        assertEquals(List.of(BlockType.IR, BlockType.DS), s.stages().get(1).types());
        assertEquals(List.of(0.0, 0.25), s.stages().get(1).seRatios());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.resolve("nope", dir));
        assertTrue(e.getMessage().contains("mbf-local, mbf-space"), e.getMessage());
    }

    static final String TINY = """
            stem: stem_c16
            defaults:
              types: [ds]
              kernels: [3]
              expansions: [1]
              repeats: [1, 2]
              strides: [2]
              se: [0]
              skip: [true]
            stages:
              - widths: [16, 24]
              - widths: [24, 32]
                types: [ir, ds]
                expansions: [1, 2]
                se: [0, 0.25]
            head:
              widths: [64]
              poolings: [gdc, gap]
              embeddings: [32]
            """;

    private static String error(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> SpaceFile.parse(yaml, "bad.yaml", "bad")).getMessage();
    }

    @Test
    void eachBadSpaceFileIsOneLineNamingTheKeyAndLine() {
        String unknown = error(TINY.replace("  kernels: [3]", "  kernel: [3]"));
        assertEquals("search space bad.yaml line 4: defaults.kernel is not a known key; use types, kernels, expansions, "
                + "widths, repeats, strides, se, skip", unknown);
        String empty = error(TINY.replace("  - widths: [24, 32]", "  - widths: []"));
        assertEquals("search space bad.yaml line 12: stages[1].widths is an empty list: give at least one choice", empty);
        String duplicated = error(TINY.replace("se: [0, 0.25]", "se: [0, 0.0]"));
        assertEquals("search space bad.yaml line 15: stages[1].se lists 0.0 twice: each choice once", duplicated);
        String range = error(TINY.replace("  kernels: [3]", "  kernels: [3, 4]"));
        assertEquals("search space bad.yaml line 4: defaults.kernels '4': kernel 4 is not one of 3, 5, 7", range);
        String twice = error(TINY + "head:\n  widths: [64]\n");
        assertTrue(twice.startsWith("search space bad.yaml line 20: head is given twice"), twice);
        String missing = error(TINY.replace("  skip: [true]\n", ""));
        assertEquals("search space bad.yaml line 10: stages[0].skip is missing (and defaults has none): give a list, "
                + "e.g. skip: [..]", missing);
        String pooling = error(TINY.replace("[gdc, gap]", "[gdc, max]"));
        assertTrue(pooling.startsWith("search space bad.yaml line 18: head.poolings 'max': unknown head pooling"), pooling);
        String notYaml = error("stem: [stem_c16\n");
        assertTrue(notYaml.startsWith("search space bad.yaml line 2 is not valid YAML"), notYaml);
        for (String m : List.of(unknown, empty, duplicated, range, twice, missing, pooling, notYaml)) {
            assertEquals(1, m.lines().count(), m);
        }
    }

    @Test
    void everyShippedSpaceLoadsAndDecodes() {
        for (String name : SearchSpace.SHIPPED) {
            ArchitectureCodec codec = ArchitectureCodec.of(SearchSpace.named(name));
            assertEquals(name, codec.space().name());
            int[] zeros = new int[codec.geneCount()];
            assertArrayEquals(zeros, codec.indicesOf(codec.decode(zeros)));
        }
    }
}

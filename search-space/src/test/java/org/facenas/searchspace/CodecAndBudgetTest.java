package org.facenas.searchspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenetics.Genotype;
import io.jenetics.IntegerGene;
import io.jenetics.Mutator;
import io.jenetics.Phenotype;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.util.RandomRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.budget.Budget;
import org.facenas.searchspace.budget.BudgetConstraint;
import org.facenas.searchspace.budget.BudgetRepair;
import org.facenas.searchspace.budget.Limit;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;

class CodecAndBudgetTest {

    private final ArchitectureCodec codec = ArchitectureCodec.of(SearchSpace.mobileFaceNetSpace());

    @Test
    void everyGenotypeDecodesToABuildableArchitecture() {
        Set<String> distinct = new HashSet<>();
        RandomRegistry.using(RandomGenerator.of("L64X128MixRandom"), r -> {
            for (int i = 0; i < 3000; i++) {
                Genotype<IntegerGene> g = codec.encoding().newInstance();
                Architecture a = codec.decode(g);
                NetworkGraph graph = NetworkGraph.of(a, 112);
                assertEquals(a.embeddingSize(), graph.output().output().channels());
                distinct.add(a.blockString());
            }
        });
        assertTrue(distinct.size() > 2900, "random genotypes should rarely collide, got " + distinct.size());
    }

    @Test
    void everyGeneValueOfTheRangeIsDecodable() {
        Genotype<IntegerGene> g = codec.encoding().newInstance();
        IntegerGene gene = g.chromosome().gene();
        int[] idx = new int[codec.geneCount()];
        // the extreme values of the shared range decode to valid indices too
        for (int v : new int[] {gene.min(), gene.max() - 1}) {
            java.util.Arrays.fill(idx, 0);
            Genotype<IntegerGene> extreme = Genotype.of(io.jenetics.IntegerChromosome.of(
                    java.util.stream.IntStream.range(0, codec.geneCount()).mapToObj(i -> IntegerGene.of(v, gene.min(), gene.max())).toList()));
            int[] got = codec.indices(extreme);
            for (int i = 0; i < got.length; i++) {
                assertTrue(got[i] >= 0 && got[i] < codec.choiceCount(i));
                assertEquals(0, gene.max() % codec.choiceCount(i), "range must be a multiple of every choice count");
            }
            codec.decode(extreme);
        }
    }

    @Test
    void mobileFaceNetEncodesAndDecodesBack() {
        for (String name : List.of("mobilefacenet", "mobilefacenet-512")) {
            Architecture a = Zoo.get(name);
            Genotype<IntegerGene> g = codec.encode(a);
            assertEquals(a, codec.decode(g));
            assertArrayEquals(codec.indicesOf(a), codec.indices(g));
        }
    }

    @Test
    void anArchitectureOutsideTheSpaceNamesTheGene() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.encode(Zoo.get("mbf-insightface")));
        assertTrue(e.getMessage().contains("not in search space 'mbf-space': stem stem_c128_g64"), e.getMessage());
        Architecture wide = Architecture.parse(Zoo.get("mobilefacenet").blockString().replace("ir_r5_k3_s2_e2_c64", "ir_r5_k3_s2_e2_c72"));
        e = assertThrows(IllegalArgumentException.class, () -> codec.encode(wide));
        assertTrue(e.getMessage().contains("stage 1 width 72 is not one of [32, 48, 64, 80, 96]"), e.getMessage());
    }

    @Test
    void presetsHoldThePublishedLimits() {
        Cost mbf = CostModel.of(Zoo.get("mobilefacenet"));
        assertFalse(Budget.preset("lfr-light").allows(Zoo.get("mobilefacenet"), mbf), "128-d is not the LFR 512-d");
        assertTrue(Budget.preset("lfr-light").allows(Zoo.get("mbf-insightface"), CostModel.of(Zoo.get("mbf-insightface"))));
        assertFalse(Budget.preset("pocketnet-s").allows(Zoo.get("mobilefacenet"), mbf), "1,003,136 > 1.0 M");
        assertTrue(Budget.preset("efar-compact").allows(Zoo.get("mobilefacenet"), mbf));
        assertTrue(Limit.atMost(1_000_000).allows(1_000_000));
        assertFalse(Limit.below(1000).allows(1000));
        assertThrows(IllegalArgumentException.class, () -> Budget.preset("lfr-heavy"));
    }

    @Test
    void repairBringsEveryGenotypeInsideTheBudget() {
        Budget budget = new Budget("test", Limit.below(300), Limit.atMost(800_000), null, 512);
        BudgetRepair repair = BudgetRepair.of(codec, budget);
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        int changed = 0;
        for (int i = 0; i < 300; i++) {
            int[] idx = RandomRegistry.with(random, r -> codec.indices(codec.encoding().newInstance()));
            int[] fixed = repair.repair(idx, random);
            Architecture a = codec.decode(fixed);
            Cost c = CostModel.of(a);
            assertTrue(budget.allows(a, c), a + " " + budget.violations(a, c));
            if (!java.util.Arrays.equals(idx, fixed)) {
                changed++;
                for (int g = 0; g < idx.length - 1; g++) {
                    assertTrue(fixed[g] <= idx[g], "repair only steps genes toward cheaper choices");
                }
            } else {
                assertTrue(budget.allows(codec.decode(idx), CostModel.of(codec.decode(idx))));
            }
        }
        assertTrue(changed > 100, "most random genotypes break this budget, got " + changed);
        int[] mbf = codec.indicesOf(Zoo.get("mobilefacenet-512"));
        assertArrayEquals(mbf, BudgetRepair.of(codec, Budget.preset("lfr-light")).repair(mbf, random), "a fitting genotype is left alone");
    }

    @Test
    void anImpossibleBudgetFailsBeforeAnythingRuns() {
        Budget tiny = new Budget("tiny", null, Limit.atMost(10_000), null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BudgetRepair.of(codec, tiny));
        assertTrue(e.getMessage().startsWith("budget tiny (params <= 10000) leaves no member of search space 'mbf-space': "
                + "its fewest params are 73,280 (stem_c64,"), e.getMessage());
        Budget dims = new Budget("dims", null, null, null, 64);
        e = assertThrows(IllegalArgumentException.class, () -> BudgetRepair.of(codec, dims));
        assertTrue(e.getMessage().contains("needs 64-d embeddings"), e.getMessage());
    }

    @Test
    void jeneticsEngineNeverEvaluatesAnOverBudgetIndividual() {
        Budget budget = Budget.preset("pocketnet-s");
        BudgetRepair repair = BudgetRepair.of(codec, budget);
        Set<String> overBudget = new HashSet<>();
        Set<String> evaluated = new HashSet<>();
        BudgetConstraint<Long> constraint = BudgetConstraint.of(repair);
        // fitness rewards size, so evolution pushes against the limit and the constraint has work to do.
        // Jenetics evaluates the first population before it applies a constraint: the factory must be constrained too.
        Engine<IntegerGene, Long> engine = Engine.builder((Genotype<IntegerGene> g) -> {
                    Architecture a = codec.decode(g);
                    Cost c = CostModel.of(a);
                    evaluated.add(a.blockString());
                    if (!budget.allows(a, c)) {
                        overBudget.add(a.blockString());
                    }
                    return c.params();
                }, constraint.constrain(codec.encoding()))
                .constraint(constraint)
                .populationSize(30)
                .alterers(new UniformCrossover<>(0.3), new Mutator<>(0.2))
                .executor(Runnable::run)
                .build();
        Phenotype<IntegerGene, Long> best = RandomRegistry.with(RandomGenerator.of("L64X128MixRandom"),
                r -> engine.stream().limit(15).collect(EvolutionResult.toBestPhenotype()));
        assertTrue(overBudget.isEmpty(), "evaluated over budget: " + overBudget);
        assertTrue(evaluated.size() > 30);
        assertTrue(best.fitness() <= 1_000_000 && best.fitness() > 700_000, "best " + best.fitness());
        assertNotEquals(0, best.fitness());
    }
}

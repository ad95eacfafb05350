package org.facenas.search;

import org.facenas.results.SearchConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.facenas.search.strategy.InitialPopulation;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.budget.BudgetRepair;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;

class SearchConfigTest {

    static final Path CONFIGS = Path.of(System.getProperty("facenas.root", "..")).resolve("configs");

    @Test
    void everyShippedConfigLoadsAndValidates() throws Exception {
        List<Path> files;
        try (var s = Files.list(CONFIGS)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).toList();
        }
        assertTrue(files.size() >= 2, "configs/ holds quickstart.yaml and lfr-light.yaml");
        for (Path f : files) {
            SearchConfig c = SearchConfig.load(f);
            SearchRun.validate(c);
            assertEquals(f.getFileName().toString().replace(".yaml", ""), c.name());
        }
    }

    @Test
    void badSettingsAreOneLineErrorsNamingTheSetting() {
        String base = "name: x\ndata: /tmp\npopulationSize: 4\ngenerations: 1\n";
        var unknown = assertThrows(IllegalArgumentException.class, () -> SearchConfig.parse(base + "popsize: 3\n", "c.yaml"));
        assertTrue(unknown.getMessage().contains("'popsize'") && unknown.getMessage().contains("c.yaml"), unknown.getMessage());
        var strategy = assertThrows(IllegalArgumentException.class, () -> SearchConfig.parse(base + "strategy: simulated\n", "c.yaml"));
        assertTrue(strategy.getMessage().contains("simulated") && strategy.getMessage().contains("nsga2"), strategy.getMessage());
        var proxy = assertThrows(IllegalArgumentException.class, () -> SearchConfig.parse(base + "proxy: huge\n", "c.yaml"));
        assertTrue(proxy.getMessage().contains("huge"), proxy.getMessage());
        var yaml = assertThrows(IllegalArgumentException.class, () -> SearchConfig.parse("name: [x\n", "c.yaml"));
        assertTrue(yaml.getMessage().contains("c.yaml"), yaml.getMessage());
        var impossible = assertThrows(IllegalArgumentException.class,
                () -> SearchRun.validate(SearchConfig.parse(base + "budget: {maxMflops: 1}\n", "c.yaml")));
        assertTrue(impossible.getMessage().contains("impossible"), impossible.getMessage());
        for (var e : List.of(unknown, strategy, proxy, yaml, impossible)) {
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    @Test
    void theFirstPopulationHoldsTheSeedsAndOnlyInBudgetArchitectures() {
        ArchitectureCodec codec = ArchitectureCodec.of(SearchSpace.mobileFaceNetSpace());
        SearchConfig c = SearchConfig.parse("name: x\ndata: /tmp\npopulationSize: 12\ngenerations: 1\nbudget: lfr-light\n", "t");
        BudgetRepair repair = BudgetRepair.of(codec, c.resolvedBudget());
        Architecture seed = Zoo.get("mobilefacenet-512");
        List<int[]> pop = new InitialPopulation(codec, repair, List.of(seed)).create(12, new SplittableRandom(1));
        assertEquals(12, pop.size());
        assertEquals(seed.blockString(), codec.decode(pop.get(0)).blockString());
        for (int[] idx : pop) {
            Architecture a = codec.decode(idx);
            assertTrue(CostModel.of(a).mflops() < 1000 && a.head().embeddingSize() == 512, a.blockString());
        }
        // the same seed and generation give the same population: what resume relies on
        List<int[]> again = new InitialPopulation(codec, repair, List.of(seed)).create(12, SearchRun.generationRandom(7, 1));
        List<int[]> twice = new InitialPopulation(codec, repair, List.of(seed)).create(12, SearchRun.generationRandom(7, 1));
        for (int i = 0; i < 12; i++) {
            assertEquals(java.util.Arrays.toString(again.get(i)), java.util.Arrays.toString(twice.get(i)));
        }
    }
}

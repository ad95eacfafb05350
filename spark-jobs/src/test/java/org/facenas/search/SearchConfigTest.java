package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.facenas.data.SharedData;
import org.facenas.results.SearchConfig;
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
        assertTrue(impossible.getMessage().contains("line 5: budget custom (MFLOPs < 1) leaves no member of search space 'mbf-space'"), impossible.getMessage());
        for (var e : List.of(unknown, strategy, proxy, yaml, impossible)) {
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    static final String BASE = "name: x\ndata: /tmp\npopulationSize: 4\ngenerations: 1\n";

    static String error(String yaml) {
        String m = assertThrows(IllegalArgumentException.class, () -> SearchConfig.parse(yaml, "c.yaml")).getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        return m;
    }

    /** A value given is a value kept, or an error: never silently replaced by a default or rounded. */
    @Test
    void givenValuesAreKeptOrRejectedNeverChanged() {
        assertEquals(0.0, SearchConfig.parse(BASE + "crossoverRate: 0\n", "c.yaml").crossoverRate());
        assertEquals(0.5, SearchConfig.parse(BASE, "c.yaml").crossoverRate(), "absent: the default");
        assertTrue(error(BASE + "mutationRate: 0\n").contains("mutationRate"));
        assertTrue(error(BASE + "offspringFraction: 0\n").contains("offspringFraction"));
        assertTrue(error(BASE + "taskCpus: 0\n").contains("taskCpus"));
        String m = error(BASE.replace("generations: 1", "generations: 1.7"));
        assertTrue(m.contains("line 4") && m.contains("generations") && m.contains("whole number") && m.contains("1.7"), m);
    }

    @Test
    void typeErrorsNameTheKeyTheLineAndWhatIsExpected() {
        String pop = error(BASE.replace("populationSize: 4", "populationSize: two"));
        assertTrue(pop.contains("line 3") && pop.contains("populationSize must be a whole number, not 'two'"), pop);
        String obj = error(BASE + "objectives: accuracy\n");
        assertTrue(obj.contains("line 5") && obj.contains("objectives must be a list"), obj);
        String nested = error(BASE + "teacher: {onnx: t.onnx, embeddingSize: big}\n");
        assertTrue(nested.contains("teacher.embeddingSize must be a whole number"), nested);
        String list = error("name: x\ndata: [/tmp]\npopulationSize: 4\n");
        assertTrue(list.contains("line 2") && list.contains("data must be a single value (text), not a list"), list);
        String yaml = error("name: x\ndata: \"/tmp\npopulationSize: 4\n");
        assertTrue(yaml.contains("not valid YAML") && yaml.matches(".*line \\d+.*"), yaml);
    }

    @Test
    void choicesAreTypedReadInAnyCaseAndWrittenInLowerCase() {
        SearchConfig c = SearchConfig.parse(BASE + "strategy: MNAS\nobjectives: [accuracy, Params]\nmnas: {metric: params, target: 1e6, alpha: -0.07, beta: -0.07}\n", "c.yaml");
        assertEquals(SearchConfig.Strategy.MNAS, c.strategy());
        assertEquals(List.of(org.facenas.results.Metric.ACCURACY, org.facenas.results.Metric.PARAMS), c.objectives());
        assertEquals(org.facenas.results.Metric.PARAMS, c.mnas().metric());
        assertTrue(c.toYaml().contains("strategy: \"mnas\"") || c.toYaml().contains("strategy: mnas"), c.toYaml());
        assertEquals(c, SearchConfig.parse(c.toYaml(), "round trip"));
        String unknown = error(BASE + "objectives: [accuracy, speed]\n");
        assertTrue(unknown.contains("unknown objective 'speed'"), unknown);
        String kd = error(BASE + "teacher: {onnx: t.onnx, kd: magic}\n");
        assertTrue(kd.contains("teacher.kd") && kd.contains("magic"), kd);
    }

    /** A config names exactly one quality score; an old config (no objectives) keeps ranking on accuracy. */
    @Test
    void theQualityScoreIsAccuracyOrRocAucExactlyOnce() {
        org.facenas.results.Metric auc = org.facenas.results.Metric.ROCAUC;
        SearchConfig c = SearchConfig.parse(BASE + "objectives: [rocauc, mflops]\n", "c.yaml");
        assertEquals(List.of(auc, org.facenas.results.Metric.MFLOPS), c.objectives());
        assertEquals(auc, c.qualityMetric());
        assertEquals(c, SearchConfig.parse(c.toYaml(), "round trip"));
        assertEquals(auc, SearchConfig.parse(BASE + "objectives: [mflops, ROCAUC, params]\n", "c.yaml").qualityMetric());
        assertEquals(org.facenas.results.Metric.ACCURACY, SearchConfig.parse(BASE, "c.yaml").qualityMetric());
        assertEquals(org.facenas.results.Metric.ACCURACY, SearchConfig.parse(BASE + "objectives: [accuracy, params]\n", "c.yaml").qualityMetric());
        for (String bad : List.of("[accuracy, rocauc, mflops]", "[mflops, params]", "[rocauc, accuracy]")) {
            String m = error(BASE + "objectives: " + bad + "\n");
            assertTrue(m.contains("objectives must include exactly one quality score, accuracy or rocauc"), m);
        }
        // the MNasNet reward's cost metric cannot be a quality score
        String mnas = error(BASE + "objectives: [rocauc, mflops]\nmnas: {metric: rocauc, target: 300, alpha: -0.07, beta: -0.07}\n");
        assertTrue(mnas.contains("mnas.metric must be mflops, params or latency"), mnas);
    }

    /** seedArchitectures: [stem_c64,ir_...,head_...] is three YAML items: say to quote it, not "has no head". */
    @Test
    void anUnquotedBlockStringInAListIsExplained() {
        String m = error(BASE + "seedArchitectures: [stem_c16,ir_r1_k3_s2_e2_c24,head_c64_gdc_emb32]\n");
        assertTrue(m.contains("seedArchitectures") && m.contains("'stem_c16'") && m.contains("quote"), m);
        String quoted = "seedArchitectures: [\"stem_c16,ir_r1_k3_s2_e2_c24,head_c64_gdc_emb32\"]\n";
        assertEquals(1, SearchConfig.parse(BASE + quoted, "c.yaml").seedArchitectures().size());
        String refs = error(BASE + "references: [stem_c16,ir_r1_k3_s2_e2_c24,head_c64_gdc_emb32]\n");
        assertTrue(refs.contains("references") && refs.contains("quote"), refs);
    }

    /** Issue 24 (6): Boolean.parseBoolean read flip=maybe, yes and 1 as false; every override value has its spellings. */
    @Test
    void proxyOverridesTakeOnlyTheAllowedSpellings() {
        for (String bad : new String[] {"maybe", "yes", "1"}) {
            String m = error(BASE + "fidelity: {rungs: [\"s=tiny:flip=" + bad + "\", quick]}\n");
            assertTrue(m.startsWith("config fidelity.rungs:") && m.contains("flip must be true or false, not '" + bad + "'"), m);
        }
        String epochs = error(BASE + "fidelity: {rungs: [\"s=tiny:epochs=1.5\", quick]}\n");
        assertTrue(epochs.contains("epochs must be a whole number, not '1.5'"), epochs);
        String rate = error(BASE + "fidelity: {rungs: [\"s=tiny:learningRate=fast\", quick]}\n");
        assertTrue(rate.contains("learningRate must be a number, not 'fast'"), rate);
        assertFalse(org.facenas.records.proxy.ProxyOverrides.parse("s=tiny:flip=FALSE").flip());
        assertTrue(org.facenas.records.proxy.ProxyOverrides.parse("s=screen:flip=true").flip());
    }

    /** Issue 24 (8): a seed over the budget was repaired into another network without a word; now it is refused. */
    @Test
    void aSeedOverTheBudgetIsRefusedWithItsCostsAndTheBudget() {
        SearchConfig c = SearchConfig.parse(BASE + "budget: {maxMflops: 150}\nseedArchitectures: [mobilefacenet-512]\n", "c.yaml");
        String m = assertThrows(IllegalArgumentException.class, () -> SearchRun.validate(c)).getMessage();
        String mflops = String.format(java.util.Locale.ROOT, "%.1f MFLOPs", CostModel.of(Zoo.get("mobilefacenet-512")).mflops());
        assertTrue(m.startsWith("config seedArchitectures: " + Zoo.get("mobilefacenet-512").blockString() + " is over the budget")
                && m.contains(mflops + " is not ") && m.contains("150"), m);
        assertFalse(m.contains("\n"), m);
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

    /** verification: each set checked before anything trains; a missing one is one line naming the key and the file. */
    @Test
    void everyVerificationSetIsCheckedAtStartAndTravelsToTheTasks(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path celeba = SharedData.celeba112();
        String base = "name: x\ndata: " + celeba + "\npopulationSize: 2\ngenerations: 1\n";
        SearchConfig ok = SearchConfig.parse(base + "verification: [pairsDevTest.txt]\n", "c.yaml");
        StartChecks.inputs(ok);
        assertEquals(List.of(celeba.resolve("pairsDevTest.txt").toString()), EvaluationSpec.of(ok, List.of()).verification());
        SearchConfig missing = SearchConfig.parse(base + "verification: [pairsDevTest.txt, " + tmp.resolve("cfp_fp.bin") + "]\n", "c.yaml");
        String m = assertThrows(IllegalArgumentException.class, () -> StartChecks.inputs(missing)).getMessage();
        assertTrue(m.startsWith("config verification: " + tmp.resolve("cfp_fp.bin") + " does not exist"), m);
        assertFalse(m.contains("\n"), m);
        // a config without verification: the pairs file alone, as before
        SearchConfig plain = SearchConfig.parse(base, "c.yaml");
        assertEquals(List.of(celeba.resolve("pairsDevTest.txt")), plain.verificationFiles());
        assertEquals(plain, SearchConfig.parse(plain.toYaml(), "written"), "the run directory's copy reads back");
    }
}

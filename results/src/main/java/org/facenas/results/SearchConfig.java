package org.facenas.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.facenas.records.ArchitectureReference;
import org.facenas.records.proxy.KdSettings;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.budget.Budget;
import org.facenas.searchspace.budget.Limit;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.zoo.Zoo;

/**
 * A search job's settings, read from YAML. Relative paths are resolved against the directory the job is started
 * from. Every field is checked when loaded, so a bad config fails before anything trains.
 *
 * @param name             the run's name (run directories default to {@code runs/NAME-TIMESTAMP})
 * @param data             dataset folder (images/IDENTITY/*, LFW people and pairs files)
 * @param trainPeople      training identities, relative to {@code data} (default peopleDevTrain.txt)
 * @param pairs            held-out verification pairs, relative to {@code data} (default pairsDevTest.txt)
 * @param proxy            proxy preset name (tiny, screen, quick, standard; default quick)
 * @param epochs           overrides the proxy's epochs when set
 * @param space            a shipped search space (mbf-space, mbf-local) or a YAML space file, relative to the config's
 *                         folder (kept absolute once loaded)
 * @param budget           hard limits applied before anything trains
 * @param strategy         nsga2, mnas, aging or random
 * @param populationSize   individuals per generation
 * @param generations      generations to run
 * @param offspringFraction share of each generation that is new offspring (nsga2, mnas, aging)
 * @param mutationRate     per-gene mutation probability
 * @param crossoverRate    per-pair crossover probability
 * @param objectives       NSGA-II objectives: exactly one quality score, accuracy or rocauc (max), and costs mflops,
 *                         params, latency (min); the quality score is what every scalar ranking reads
 *                         ({@link #qualityMetric()})
 * @param mnas             MNasNet reward settings (strategy mnas; also the scalar aging evolution ranks by)
 * @param agingSampleSize  tournament size of regularized (aging) evolution
 * @param seed             seeds every random choice and every candidate's training
 * @param seedArchitectures zoo names, block strings or FaceNAS export files put into the first population
 * @param teacher          knowledge distillation, or null for none
 * @param taskCpus         cores per Spark task; ND4J's OpenMP threads are set to the same
 * @param latencyRuns      timed ONNX Runtime runs per candidate (0 = no latency)
 * @param hypervolumeReference the quality score (accuracy or ROC AUC) and MFLOPs of the hypervolume reference point
 * @param fidelity         successive halving: proxies of increasing cost (rungs) and eta, or null for one proxy
 * @param references       zoo architectures evaluated with the same proxy as yardsticks (report), never candidates
 * @param verification     verification sets (LFW pairs files or InsightFace .bin, relative to {@code data}), each scored
 *                         and recorded separately, the first ranking the search; when given it replaces {@code pairs}
 * @param predictor        a learned predictor that picks which proposed children train, or null: every child trains
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record SearchConfig(String name, String data, String trainPeople, String pairs, String proxy, Integer epochs,
                           String space, BudgetConfig budget, Strategy strategy, int populationSize, int generations,
                           Double offspringFraction, Double mutationRate, Double crossoverRate, List<Metric> objectives,
                           MnasReward mnas, Integer agingSampleSize, long seed, List<String> seedArchitectures,
                           TeacherConfig teacher, Integer taskCpus, int latencyRuns, List<Double> hypervolumeReference,
                           List<String> references, Fidelity fidelity, List<String> verification, Predictor predictor) {

    /** The search strategies (org.facenas.search.strategy); lower case in YAML. */
    public enum Strategy {
        NSGA2, MNAS, AGING, RANDOM;

        @com.fasterxml.jackson.annotation.JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Strategy parse(String name) {
            for (Strategy s : values()) {
                if (s.key().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("config: unknown strategy '" + name + "': use one of "
                    + java.util.Arrays.stream(values()).map(Strategy::key).collect(java.util.stream.Collectors.joining(", ")));
        }

        @Override
        public String toString() {
            return key();
        }
    }

    /** Either a preset name or explicit limits (exclusive upper bounds). */
    public record BudgetConfig(String preset, Double maxMflops, Double maxParams, Double maxMegabytes, Integer embeddingSize) {
        /** {@code budget: lfr-light} */
        @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
        public static BudgetConfig ofPreset(String preset) {
            return new BudgetConfig(preset, null, null, null, null);
        }

        public Budget resolve() {
            if (preset != null) {
                if (maxMflops != null || maxParams != null || maxMegabytes != null) {
                    throw new IllegalArgumentException("config budget: give either a preset or explicit limits, not both");
                }
                return Budget.preset(preset);
            }
            return new Budget("custom", maxMflops == null ? null : Limit.below(maxMflops),
                    maxParams == null ? null : Limit.below(maxParams), maxMegabytes == null ? null : Limit.below(maxMegabytes),
                    embeddingSize);
        }
    }

    /**
     * A learned predictor screening the children a strategy proposes: each batch, the strategy proposes
     * {@code proposals} children, the predictor (refitted on the run's first-rung records) keeps the {@code keep} it
     * expects best, and only those train. {@code keep} is the number of children a generation trains.
     */
    public record Predictor(PredictorModel model, Integer proposals, Integer keep) {
        public Predictor {
            model = model == null ? PredictorModel.FOREST : model;
            require(proposals != null && keep != null, "predictor needs proposals and keep, e.g. {model: forest, proposals: 16, keep: 4}");
            require(keep >= 1, "predictor.keep must be at least 1");
            require(proposals >= keep, "predictor.proposals (" + proposals + ") must be at least predictor.keep (" + keep + ")");
        }
    }

    public SearchConfig {
        require(name != null && name.matches("[A-Za-z0-9._-]+"), "name '" + name + "' must be letters, digits, '.', '_' or '-'");
        require(data != null, "data (the dataset folder) is required");
        trainPeople = trainPeople == null ? "peopleDevTrain.txt" : trainPeople;
        pairs = pairs == null ? "pairsDevTest.txt" : pairs;
        proxy = proxy == null ? "quick" : proxy;
        require(!ProxySettings.preset(proxy).zeroCostOnly(), "proxy " + proxy + " trains nothing: use it as the first rung of "
                + "successive halving (fidelity.rungs: [" + proxy + ", quick]) and a proxy that trains here");
        require(epochs == null || epochs >= 1, "epochs must be at least 1");
        space = space == null ? "mbf-space" : space;
        // a space file is read (relative to the config's folder) by parse, which knows where the config is
        if (!SearchSpace.looksLikeFile(space)) {
            SearchSpace.named(space);
        }
        budget = budget == null ? new BudgetConfig("none", null, null, null, null) : budget;
        budget.resolve();
        strategy = strategy == null ? Strategy.NSGA2 : strategy;
        require(populationSize >= 2, "populationSize must be at least 2");
        require(generations >= 1, "generations must be at least 1");
        // an absent setting takes its default; a given one is kept as given (0 included) and checked
        offspringFraction = offspringFraction == null ? 0.5 : offspringFraction;
        require(offspringFraction > 0 && offspringFraction <= 1, "offspringFraction must be in (0, 1]");
        mutationRate = mutationRate == null ? 0.15 : mutationRate;
        require(mutationRate > 0 && mutationRate <= 1, "mutationRate must be in (0, 1]");
        crossoverRate = crossoverRate == null ? 0.5 : crossoverRate;
        require(crossoverRate >= 0 && crossoverRate <= 1, "crossoverRate must be in [0, 1]");
        objectives = objectives == null ? List.of(Metric.ACCURACY, Metric.MFLOPS) : List.copyOf(objectives);
        require(objectives.stream().filter(Metric::quality).count() == 1,
                "objectives must include exactly one quality score, accuracy or rocauc (got " + objectives + ")");
        require(!objectives.contains(Metric.LATENCY) || latencyRuns > 0, "objective latency needs latencyRuns > 0");
        mnas = mnas == null ? MnasReward.soft(Metric.MFLOPS, 500) : mnas;
        // MNasNet's reward (aging ranks by it too) multiplies the quality score by a cost factor, which inverts the order of
        // negative scores: jacob_cov's are negative, the others' positive
        require(fidelity == null || fidelity.proxy(0).zeroCost() != org.facenas.records.proxy.ZeroCostScore.JACOB_COV
                        || (strategy != Strategy.MNAS && strategy != Strategy.AGING),
                "strategy " + strategy + " ranks by the MNasNet reward, which negative jacobCov scores would invert: rank the "
                        + "zero-cost rung by another score (NAME=zero-cost:score=naswot) or use nsga2");
        require(mnas.metric() != Metric.LATENCY || latencyRuns > 0, "mnas.metric latency needs latencyRuns > 0");
        agingSampleSize = agingSampleSize == null ? Math.max(2, populationSize / 4) : agingSampleSize;
        require(agingSampleSize >= 1 && agingSampleSize <= populationSize, "agingSampleSize must be in 1..populationSize");
        seedArchitectures = seedArchitectures == null ? List.of() : List.copyOf(seedArchitectures);
        for (String a : seedArchitectures) {
            try {
                ArchitectureReference.resolve(a);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(architectureItemError("seedArchitectures", a, e));
            }
        }
        if (teacher != null) {
            require((teacher.onnx() != null) != (teacher.trajectory() != null),
                    "teacher needs exactly one of teacher.onnx (an ONNX model file) and teacher.trajectory (a folder of facenas teacher train)");
            require(teacher.trajectory() == null || (teacher.inputSize() == null && teacher.mean() == null && teacher.scale() == null
                    && teacher.embeddingSize() == null), "teacher.trajectory declares its input size, normalisation and embedding size in "
                    + "its teacher.json: drop teacher.inputSize, mean, scale and embeddingSize");
            KdSettings kd;
            try {
                kd = teacher.kdSettings();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config teacher.kd: " + e.getMessage());
            }
            try {
                KdSettings.requireOneTeacherForExtra(kd, teacher.trajectory() != null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config teacher.kd: " + e.getMessage() + " or use teacher.onnx");
            }
        }
        taskCpus = taskCpus == null ? 1 : taskCpus;
        require(taskCpus >= 1, "taskCpus must be at least 1");
        require(latencyRuns >= 0, "latencyRuns must not be negative");
        hypervolumeReference = hypervolumeReference == null ? List.of(0.5, 1000.0) : List.copyOf(hypervolumeReference);
        require(hypervolumeReference.size() == 2, "hypervolumeReference is [quality score (accuracy or rocauc), mflops]");
        references = references == null ? List.of() : List.copyOf(references);
        verification = verification == null ? List.of() : List.copyOf(verification);
        require(verification.stream().map(v -> Path.of(v).getFileName().toString()).distinct().count() == verification.size(),
                "verification names two sets with one file name; results name each set by its file name");
        for (String a : references) {
            try {
                Zoo.resolve(a);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(architectureItemError("references", a, e));
            }
        }
        if (predictor != null) {
            require(strategy == Strategy.RANDOM || predictor.keep() <= populationSize, "predictor.keep (" + predictor.keep()
                    + ") must be at most populationSize (" + populationSize + "): the children it keeps join the population");
            // the predictor ranks before anything trains: a latency is only known after
            require(!objectives.contains(Metric.LATENCY) && ((strategy != Strategy.AGING && strategy != Strategy.MNAS)
                    || mnas.metric() != Metric.LATENCY), "predictor ranks children before they train, when their latency is unknown: "
                    + "drop latency from objectives and mnas.metric, or drop predictor");
        }
    }

    /** YAML splits an unquoted block string in a flow list ([a,b,c]) at its commas: say so instead of "has no head". */
    private static String architectureItemError(String key, String item, IllegalArgumentException e) {
        if (!item.contains(",") && item.matches("(stem|ir|ds|res|head)_\\S*")) {
            return "config " + key + ": '" + item + "' is one token of a block string: YAML splits an unquoted block string in a "
                    + "[...] list at its commas; quote each one, e.g. [\"stem_c64,ir_r1_k3_s2_e2_c64,head_c512_gdc_emb128\"]";
        }
        return "config " + key + ": " + e.getMessage();
    }

    /** A setting's check: a one-line "config: ..." error when it fails (the config's records share it). */
    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("config: " + what);
        }
    }

    /** A config file, checked (see {@link SearchConfigYaml}); a space file is read relative to the config's folder. */
    public static SearchConfig load(Path file) {
        return SearchConfigYaml.load(file);
    }

    /** A config from text; a space file is read relative to the working directory. */
    public static SearchConfig parse(String yamlText, String source) {
        return SearchConfigYaml.parse(yamlText, source, Path.of(""));
    }

    /**
     * A config from text, its space file (if any) read relative to {@code baseDir} and kept as an absolute path, and
     * the budget checked against the space: a budget no member can meet fails here, before anything starts.
     */
    public static SearchConfig parse(String yamlText, String source, Path baseDir) {
        return SearchConfigYaml.parse(yamlText, source, baseDir);
    }

    public String toYaml() {
        try {
            return SearchConfigYaml.mapper().writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same search with another strategy and name (for comparisons at an equal evaluation budget). */
    public SearchConfig withStrategy(Strategy newStrategy) {
        return new SearchConfig(name + "-" + newStrategy, data, trainPeople, pairs, proxy, epochs, space, budget, newStrategy,
                populationSize, generations, offspringFraction, mutationRate, crossoverRate, objectives, mnas, agingSampleSize,
                seed, seedArchitectures, teacher, taskCpus, latencyRuns, hypervolumeReference, references, fidelity, verification, predictor);
    }

    /** The same config on another search space (a shipped name or a space file). */
    public SearchConfig withSpace(String newSpace) {
        return new SearchConfig(name, data, trainPeople, pairs, proxy, epochs, newSpace, budget, strategy,
                populationSize, generations, offspringFraction, mutationRate, crossoverRate, objectives, mnas, agingSampleSize,
                seed, seedArchitectures, teacher, taskCpus, latencyRuns, hypervolumeReference, references, fidelity, verification, predictor);
    }

    /** The same search under another seed (a repetition of an experiment), with its name. */
    public SearchConfig withSeed(long newSeed, String newName) {
        return new SearchConfig(newName, data, trainPeople, pairs, proxy, epochs, space, budget, strategy,
                populationSize, generations, offspringFraction, mutationRate, crossoverRate, objectives, mnas, agingSampleSize,
                newSeed, seedArchitectures, teacher, taskCpus, latencyRuns, hypervolumeReference, references, fidelity, verification, predictor);
    }

    public SearchConfig withGenerations(int newGenerations) {
        return new SearchConfig(name, data, trainPeople, pairs, proxy, epochs, space, budget, strategy,
                populationSize, newGenerations, offspringFraction, mutationRate, crossoverRate, objectives, mnas, agingSampleSize,
                seed, seedArchitectures, teacher, taskCpus, latencyRuns, hypervolumeReference, references, fidelity, verification, predictor);
    }

    /** The same config with the data folder and the teacher file made absolute (what a run directory keeps). */
    private static String absolute(String path) {
        return path == null ? null : Path.of(path).toAbsolutePath().normalize().toString();
    }

    public SearchConfig withAbsolutePaths() {
        TeacherConfig t = teacher == null ? null
                : new TeacherConfig(absolute(teacher.onnx()), teacher.kd(), teacher.lambda(),
                teacher.inputSize(), teacher.mean(), teacher.scale(), teacher.embeddingSize(), absolute(teacher.trajectory()));
        return new SearchConfig(name, Path.of(data).toAbsolutePath().normalize().toString(), trainPeople, pairs, proxy, epochs,
                SearchSpace.looksLikeFile(space) ? absolute(space) : space, budget, strategy, populationSize, generations, offspringFraction, mutationRate, crossoverRate, objectives,
                mnas, agingSampleSize, seed, seedArchitectures.stream().map(a -> a.endsWith(".json") || a.endsWith(".zip")
                        ? ArchitectureReference.resolve(a).blockString() : a).toList(),
                t, taskCpus, latencyRuns, hypervolumeReference, references, fidelity, verification, predictor);
    }

    /**
     * The verification sets to score, resolved against the data folder: {@code verification} when given, else
     * {@code pairs} (which a RecordIO set without that file replaces with its own .bin sets; see
     * {@link org.facenas.data.source.FaceSource#verification}).
     */
    public List<Path> verificationFiles() {
        Path d = Path.of(data);
        return verification.isEmpty() ? List.of(d.resolve(pairs)) : verification.stream().map(d::resolve).toList();
    }

    /** The proxy new candidates train on: the first rung's under successive halving, else {@code proxy}. */
    public ProxySettings proxySettings() {
        if (fidelity != null) {
            return fidelity.proxy(0);
        }
        ProxySettings p = ProxySettings.preset(proxy);
        return epochs == null ? p : p.derive().epochs(epochs).build();
    }

    /** Rungs of successive halving; 1 without it. */
    /**
     * The one quality score among the objectives (accuracy or rocauc): what aging and MNasNet rewards, halving's
     * tie-break, the hypervolume's first axis and the report's score read.
     */
    public Metric qualityMetric() {
        return objectives.stream().filter(Metric::quality).findFirst().orElseThrow();
    }

    public int rungCount() {
        return fidelity == null ? 1 : fidelity.rungs().size();
    }

    /** The proxy of a rung (rung 0 is {@link #proxySettings()}). */
    public ProxySettings proxySettings(int rung) {
        if (rung < 0 || rung >= rungCount()) {
            throw new IllegalArgumentException("rung " + rung + " is out of 0.." + (rungCount() - 1));
        }
        return rung == 0 ? proxySettings() : fidelity.proxy(rung);
    }

    /** The same config with successive halving over these rungs (or without it, for null). */
    public SearchConfig withFidelity(Fidelity newFidelity, String newName) {
        return new SearchConfig(newName, data, trainPeople, pairs, proxy, epochs, space, budget, strategy,
                populationSize, generations, offspringFraction, mutationRate, crossoverRate, objectives, mnas, agingSampleSize,
                seed, seedArchitectures, teacher, taskCpus, latencyRuns, hypervolumeReference, references, newFidelity, verification, predictor);
    }

    /**
     * Children a generation trains after the first: {@code predictor.keep} under a predictor, else
     * round(populationSize x offspringFraction) (random search: a population each generation).
     */
    public int childrenPerGeneration() {
        if (predictor != null) {
            return predictor.keep();
        }
        return strategy == Strategy.RANDOM ? populationSize : Math.max(1, (int) Math.round(populationSize * offspringFraction));
    }

    /** The same config with this predictor (null: none) and name. */
    public SearchConfig withPredictor(Predictor newPredictor, String newName) {
        return new SearchConfig(newName, data, trainPeople, pairs, proxy, epochs, space, budget, strategy,
                populationSize, generations, offspringFraction, mutationRate, crossoverRate, objectives, mnas, agingSampleSize,
                seed, seedArchitectures, teacher, taskCpus, latencyRuns, hypervolumeReference, references, fidelity, verification, newPredictor);
    }

    public Budget resolvedBudget() {
        return budget.resolve();
    }
}

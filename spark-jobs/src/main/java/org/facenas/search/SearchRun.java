package org.facenas.search;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.records.ArchitectureReference;
import org.facenas.records.CandidateResult;
import org.facenas.results.GenerationRecord;
import org.facenas.results.Metric;
import org.facenas.results.Objective;
import org.facenas.results.ParetoFront;
import org.facenas.results.RunFront;
import org.facenas.results.RunState;
import org.facenas.results.SearchConfig;
import org.facenas.search.predictor.PredictorScreen;
import org.facenas.search.strategy.AgingEvolution;
import org.facenas.search.strategy.Fitness;
import org.facenas.search.strategy.InitialPopulation;
import org.facenas.search.strategy.JeneticsStrategy;
import org.facenas.search.strategy.RandomSearch;
import org.facenas.search.strategy.SearchStrategy;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.budget.BudgetRepair;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.zoo.Zoo;

/** Runs (or continues) a search in a run directory, generation by generation, saving the state after each. */
public final class SearchRun {

    private final RunDirectory run;
    private final SearchConfig config;
    private final ArchitectureCodec codec;
    private final SearchStrategy strategy;
    private final List<Objective<CandidateResult>> objectives;
    private final SuccessiveHalving halving;
    private final Map<Integer, EvaluationSpec> rungSpecs = new java.util.HashMap<>();
    private final PredictorScreen screen;
    /** The console of the run under way (the screen's one line goes there). */
    private PrintStream console = System.err;

    public SearchRun(RunDirectory run) {
        this(run, run.config());
    }

    private SearchRun(RunDirectory run, SearchConfig config) {
        this.run = run;
        this.config = config;
        this.codec = ArchitectureCodec.of(SearchSpace.named(config.space()));
        BudgetRepair repair = BudgetRepair.of(codec, config.resolvedBudget());
        List<Architecture> seeds = config.seedArchitectures().stream()
                .map(ArchitectureReference::resolve).toList();
        InitialPopulation initial;
        try {
            initial = new InitialPopulation(codec, repair, seeds);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config seedArchitectures: " + e.getMessage());
        }
        Fitness fitness = new Fitness(config.objectives(), config.mnas(), config.qualityMetric());
        int p = config.populationSize();
        int children = config.childrenPerGeneration();
        boolean asynchronous = config.fidelity() != null && config.strategy() == SearchConfig.Strategy.AGING;
        // a synchronous generation learns from earlier generations alone, so a repeated one chooses the same
        this.screen = config.predictor() == null ? null : new PredictorScreen(config, codec, g -> firstRungResults(asynchronous ? Long.MAX_VALUE : g),
                line -> console.println(line));
        this.strategy = switch (config.strategy()) {
            case NSGA2 -> JeneticsStrategy.nsga2(codec, repair, initial, p, config.offspringFraction(), config.mutationRate(),
                    config.crossoverRate(), fitness, screen);
            case MNAS -> JeneticsStrategy.mnas(codec, repair, initial, p, config.offspringFraction(), config.mutationRate(),
                    config.crossoverRate(), fitness, screen);
            case AGING -> new AgingEvolution(codec, repair, initial, fitness, p, children, config.agingSampleSize(), screen);
            case RANDOM -> new RandomSearch(codec, initial, children, screen);
        };
        this.objectives = RunFront.objectives(config.objectives());
        this.halving = config.fidelity() == null ? null
                : new SuccessiveHalving(config.rungCount(), config.fidelity().eta(), objectives, config.qualityMetric());
    }

    /**
     * Everything about a config that can be checked before Spark starts: the budget is possible in the space, seed
     * architectures belong to the space, the strategy can be built. A one-line IllegalArgumentException otherwise.
     */
    public static void validate(SearchConfig config) {
        new SearchRun(null, config);
    }


    /**
     * Runs the remaining generations. Under successive halving, each generation's due promotions train alongside
     * its new candidates (submitted first, so Spark's FIFO scheduler gives them the first free cores), and after the
     * last generation the promotions still due are run until none is.
     */
    public void run(JavaSparkContext sc, EvaluationSpec spec, PrintStream console) {
        run(sc, spec, console, Double.POSITIVE_INFINITY);
    }

    /**
     * The same, starting no generation after {@code wallSeconds} (a comparison at one wall-clock budget); the
     * generation under way when the time is up finishes, and its promotions are drained.
     */
    public void run(JavaSparkContext sc, EvaluationSpec spec, PrintStream console, double wallSeconds) {
        run(sc, spec, console, wallSeconds, Double.POSITIVE_INFINITY);
    }

    /**
     * The same, also starting no candidate task at all after {@code stopAfterSeconds} (search --stop-after): those
     * training finish and are recorded, and the run stops where it is. A generation cut short is neither recorded
     * nor saved as done, so --resume repeats it from the saved state with the same draws, and its recorded
     * candidates are not trained again.
     *
     * @return false when the run stopped early with work left (continue it with --resume); true when it is done
     */
    public boolean run(JavaSparkContext sc, EvaluationSpec spec, PrintStream console, double wallSeconds, double stopAfterSeconds) {
        this.console = console;
        long start = System.nanoTime();
        TaskGate gate = Double.isInfinite(stopAfterSeconds) ? null
                : new TaskGate(() -> sc.defaultParallelism() / Math.max(1, config.taskCpus()), start, stopAfterSeconds);
        rungSpecs.put(0, spec);
        RunState state = run.state().orElse(new RunState(run.runId(), strategy.name(), config.seed(), 0, List.of(), 0));
        if (state.generation() > 0) {
            console.printf("resuming %s after generation %d: %d candidates already recorded%n", run.path(), state.generation(),
                    run.results().size());
        }
        SearchProgress progress = new SearchProgress(console, config.generations(), bestScore(), config.qualityMetric());
        int top = config.rungCount() - 1;
        if (!config.references().isEmpty()) {
            // yardsticks for the front, so trained as long as the front's candidates: on the top rung
            progress.startGeneration(0);
            try {
                new SparkCandidateBatch(sc, rungSpec(top, console), run, codec, 0, progress, true, 0, gate)
                        .evaluate(config.references().stream().map(Zoo::resolve).toList());
            } catch (TaskGate.Stopped stopped) {
                return false;
            }
        }
        if (halving != null && strategy instanceof AgingEvolution aging) {
            return runAsynchronously(sc, aging, progress, console, start, wallSeconds, gate);
        }
        List<int[]> population = state.population();
        java.util.Set<Long> recordedGenerations = run.generationRecords().stream().map(GenerationRecord::generation)
                .collect(java.util.stream.Collectors.toSet());
        for (long g = state.generation() + 1; g <= config.generations(); g++) {
            if ((System.nanoTime() - start) / 1e9 > wallSeconds) {
                console.printf("wall-clock budget of %.0f s spent after generation %d%n", wallSeconds, g - 1);
                break;
            }
            if (gate != null && !gate.open()) {
                return false;
            }
            progress.startGeneration(g);
            List<CompletableFuture<Map<String, CandidateResult>>> promotions = promote(sc, g, progress, console, gate);
            SparkCandidateBatch batch = new SparkCandidateBatch(sc, spec, run, codec, g, progress, false, 0, gate);
            try {
                population = strategy.step(population, g, generationRandom(config.seed(), g), batch);
            } catch (RuntimeException e) {
                // the strategy (Jenetics' engine) may wrap the batch's Stopped
                if (!stoppedBy(e)) {
                    throw e;
                }
            }
            promotions.forEach(CompletableFuture::join);
            if (gate != null && gate.stopped()) {
                return false;
            }
            // the generation line first: a kill between the two repeats this generation rather than leaving a finished
            // generation without its line. A repeated generation (that kill, or a lost state.json) keeps the line it
            // has: recomputed now, its front and hypervolume would count candidates of later generations
            recordGeneration(g, population, progress, !recordedGenerations.contains(g));
            run.saveState(new RunState(run.runId(), strategy.name(), config.seed(), g, population, run.results().size()));
        }
        if (halving != null) {
            long last = run.state().map(RunState::generation).orElse(0L);
            List<CompletableFuture<Map<String, CandidateResult>>> wave;
            boolean promoted = false;
            while (!(wave = promote(sc, last, progress, console, gate)).isEmpty()) {
                wave.forEach(CompletableFuture::join);
                if (gate != null && gate.stopped()) {
                    return false;
                }
                promoted = true;
            }
            // without a promotion the last generation's line already says it all
            recordGeneration(last, population, progress, promoted);
        }
        return true;
    }

    /**
     * Aging evolution under ASHA: no generations to wait for; a freed slot takes a due promotion or a new child at
     * once. A generation line and the state are still written each time the first rung has finished a generation's
     * worth of candidates (the report's progress chart reads them), and the ASHA state is rebuilt from
     * candidates.jsonl on resume, not from state.json.
     */
    private boolean runAsynchronously(JavaSparkContext sc, AgingEvolution aging, SearchProgress progress, PrintStream console,
                                      long start, double wallSeconds, TaskGate gate) {
        AsyncHalving asha = new AsyncHalving(aging, halving, codec, config.generations(), config.seed());
        List<AsyncHalving.Recorded> recorded = run.candidateRecords().stream()
                .map(c -> new AsyncHalving.Recorded(c.blockString(), c.rung(), c.result())).toList();
        for (int r = 1; r < config.rungCount(); r++) {
            rungSpec(r, console);
        }
        console.printf("asynchronous successive halving (ASHA) over %d rungs, eta %d: %d first-rung candidates in all, %d recorded%n",
                config.rungCount(), config.fidelity().eta(), asha.firstRungBudget(), run.results(0).size());
        progress.startGeneration(run.state().map(RunState::generation).orElse(0L) + 1);
        boolean[] outOfTime = {false};
        List<int[]> population = asha.run(new SparkCandidateSlots(sc, run, codec, r -> rungSpecs.get(r), progress, console), recorded,
                () -> {
                    if (!outOfTime[0] && (System.nanoTime() - start) / 1e9 > wallSeconds) {
                        outOfTime[0] = true;
                        console.printf("wall-clock budget of %.0f s spent: no new candidates, the promotions due still run%n", wallSeconds);
                    }
                    return !outOfTime[0];
                },
                () -> gate == null || gate.open(),
                (g, members) -> {
                    recordGeneration(g, members, progress);
                    run.saveState(new RunState(run.runId(), strategy.name(), config.seed(), g, members, run.results().size()));
                    if (g < config.generations()) {
                        progress.startGeneration(g + 1);
                    }
                });
        if (asha.stopped()) {
            // the generation lines and state written so far stand; the rest is rebuilt from the records on resume
            return false;
        }
        if (asha.exhausted()) {
            console.printf("every child drawn in %d tries was trained already: the search stops early%n", AsyncHalving.DUPLICATE_DRAWS);
        }
        long g = asha.generationReached();
        recordGeneration(g, population, progress);
        run.saveState(new RunState(run.runId(), strategy.name(), config.seed(), g, population, run.results().size()));
        return true;
    }

    private static boolean stoppedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TaskGate.Stopped) {
                return true;
            }
        }
        return false;
    }

    /** Submits the promotions due now (one wave per target rung), each recorded as it finishes on a waiting thread. */
    private List<CompletableFuture<Map<String, CandidateResult>>> promote(JavaSparkContext sc, long g, SearchProgress progress,
                                                                          PrintStream console, TaskGate gate) {
        if (halving == null) {
            return List.of();
        }
        List<Map<String, CandidateResult>> byRung = new ArrayList<>();
        for (int r = 0; r < config.rungCount(); r++) {
            byRung.add(run.results(r));
        }
        Map<Integer, List<Architecture>> due = new java.util.TreeMap<>();
        for (SuccessiveHalving.Promotion p : halving.due(byRung)) {
            due.computeIfAbsent(p.toRung(), r -> new ArrayList<>()).add(Architecture.parse(p.blockString()));
        }
        List<CompletableFuture<Map<String, CandidateResult>>> out = new ArrayList<>();
        for (var e : due.entrySet()) {
            console.printf("[gen %d] promoting %d candidates to rung %d (%s)%n", g, e.getValue().size(), e.getKey(),
                    config.proxySettings(e.getKey()).name());
            SparkCandidateBatch.Wave wave = new SparkCandidateBatch(sc, rungSpec(e.getKey(), console), run, codec, g, progress, false,
                    e.getKey(), gate).submit(e.getValue());
            out.add(CompletableFuture.supplyAsync(wave::await));
        }
        return out;
    }

    private EvaluationSpec rungSpec(int rung, PrintStream console) {
        return rungSpecs.computeIfAbsent(rung, r -> rungSpecs.get(0).withProxy(config.proxySettings(r),
                rungSpecs.get(0).teacherEmbeddings().isEmpty() ? java.util.List.of() : TeacherSetup.prepare(run, console, r)));
    }

    /** The generator of generation g's random choices: a function of the seed and g alone, so a resumed run draws the same. */
    static SplittableRandom generationRandom(long seed, long generation) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + generation);
    }

    /** The first-rung results recorded before generation g, in the order recorded. */
    private List<CandidateResult> firstRungResults(long g) {
        return run.candidateRecords().stream().filter(c -> c.rung() == 0 && c.generation() < g)
                .map(org.facenas.results.CandidateRecord::result).toList();
    }

    private double bestScore() {
        Metric quality = config.qualityMetric();
        return run.results(config.rungCount() - 1).values().stream().filter(quality::scored).mapToDouble(quality::value).max().orElse(Double.NaN);
    }

    private void recordGeneration(long g, List<int[]> population, SearchProgress progress) {
        recordGeneration(g, population, progress, true);
    }

    private void recordGeneration(long g, List<int[]> population, SearchProgress progress, boolean append) {
        // the front and hypervolume of the top rung alone: scores of different rungs are never compared
        int top = config.rungCount() - 1;
        List<CandidateResult> ok = run.results(top).values().stream().filter(CandidateResult::ok).toList();
        List<CandidateResult> front = ParetoFront.front(ok, objectives);
        double hv = RunFront.qualityMflopsHypervolume(config.qualityMetric(), ok, config.hypervolumeReference());
        Metric quality = config.qualityMetric();
        GenerationRecord line = new GenerationRecord(run.runId(), g, strategy.name(),
                population.stream().map(idx -> codec.decode(idx).blockString()).toList(),
                front.stream().map(CandidateResult::blockString).toList(), run.results().size(), null, null, hv,
                config.hypervolumeReference(), ok.stream().mapToDouble(Fitness::accuracy).max().orElse(Double.NaN), quality,
                // the best of the run's quality score (accuracy or rocauc), which the hypervolume above is over
                ok.stream().filter(quality::scored).mapToDouble(quality::value).max().orElse(Double.NaN), null, null, null);
        if (halving != null) {
            List<Integer> perRung = new ArrayList<>();
            for (int r = 0; r <= top; r++) {
                perRung.add(run.results(r).size());
            }
            line = line.withRungs(perRung);
        }
        String predictorNote = "";
        PredictorScreen.BatchTau tau = screen == null ? null : screen.batchTau(run.results(0));
        if (tau != null) {
            // predicted against measured quality score of this batch's kept children (NaN below two)
            line = line.withPredictor(tau.tau(), tau.children(), tau.fittedOn());
            predictorNote = String.format(java.util.Locale.ROOT, ", predictor tau %.2f on %d", tau.tau(), tau.children());
        }
        if (append) {
            run.recordGeneration(line);
        }
        progress.endGeneration(population.size(), front.size(), hv, predictorNote);
    }
}

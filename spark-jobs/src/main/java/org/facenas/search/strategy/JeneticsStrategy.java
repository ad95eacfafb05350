package org.facenas.search.strategy;

import io.jenetics.Alterer;
import io.jenetics.IntegerGene;
import io.jenetics.Mutator;
import io.jenetics.Phenotype;
import io.jenetics.TournamentSelector;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Constraint;
import io.jenetics.engine.Engine;
import io.jenetics.engine.Evaluator;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.EvolutionStart;
import io.jenetics.ext.moea.NSGA2Selector;
import io.jenetics.ext.moea.Vec;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.facenas.records.CandidateResult;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.budget.BudgetConstraint;
import org.facenas.searchspace.budget.BudgetRepair;
import org.facenas.searchspace.codec.ArchitectureCodec;

/**
 * A generation of Jenetics' engine: NSGA-II (multi-objective, jenetics.ext) or MNasNet's scalarised reward
 * (single objective). The engine evaluates through a batch evaluator, so a generation's new candidates reach
 * Spark together; over-budget genotypes are repaired by the constraint before evaluation. The engine runs on the
 * calling thread so that every random draw comes from the seeded registry.
 */
public final class JeneticsStrategy<C extends Comparable<? super C>> implements SearchStrategy {

    private final String name;
    private final ArchitectureCodec codec;
    private final BudgetRepair repair;
    private final InitialPopulation initial;
    private final int populationSize;
    private final double offspringFraction;
    private final double mutationRate;
    private final double crossoverRate;
    private final Function<CandidateResult, C> fitness;
    private final boolean multiObjective;
    private final ChildScreen screen;

    private JeneticsStrategy(String name, ArchitectureCodec codec, BudgetRepair repair, InitialPopulation initial,
                             int populationSize, double offspringFraction, double mutationRate, double crossoverRate,
                             Function<CandidateResult, C> fitness, boolean multiObjective, ChildScreen screen) {
        this.screen = screen;
        this.name = name;
        this.codec = codec;
        this.repair = repair;
        this.initial = initial;
        this.populationSize = populationSize;
        this.offspringFraction = offspringFraction;
        this.mutationRate = mutationRate;
        this.crossoverRate = crossoverRate;
        this.fitness = fitness;
        this.multiObjective = multiObjective;
    }

    public static JeneticsStrategy<Vec<double[]>> nsga2(ArchitectureCodec codec, BudgetRepair repair, InitialPopulation initial,
                                                        int populationSize, double offspringFraction, double mutationRate,
                                                        double crossoverRate, Fitness fitness) {
        return nsga2(codec, repair, initial, populationSize, offspringFraction, mutationRate, crossoverRate, fitness, null);
    }

    /** @param screen picks which proposed offspring train (null: all); it keeps the offspring of a generation */
    public static JeneticsStrategy<Vec<double[]>> nsga2(ArchitectureCodec codec, BudgetRepair repair, InitialPopulation initial,
                                                        int populationSize, double offspringFraction, double mutationRate,
                                                        double crossoverRate, Fitness fitness, ChildScreen screen) {
        return new JeneticsStrategy<>("nsga2", codec, repair, initial, populationSize, offspringFraction, mutationRate,
                crossoverRate, r -> Vec.of(fitness.vector(r)), true, screen);
    }

    public static JeneticsStrategy<Double> mnas(ArchitectureCodec codec, BudgetRepair repair, InitialPopulation initial,
                                                int populationSize, double offspringFraction, double mutationRate,
                                                double crossoverRate, Fitness fitness) {
        return mnas(codec, repair, initial, populationSize, offspringFraction, mutationRate, crossoverRate, fitness, null);
    }

    /** @param screen picks which proposed offspring train (null: all); it keeps the offspring of a generation */
    public static JeneticsStrategy<Double> mnas(ArchitectureCodec codec, BudgetRepair repair, InitialPopulation initial,
                                                int populationSize, double offspringFraction, double mutationRate,
                                                double crossoverRate, Fitness fitness, ChildScreen screen) {
        return new JeneticsStrategy<>("mnas", codec, repair, initial, populationSize, offspringFraction, mutationRate,
                crossoverRate, fitness::reward, false, screen);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<int[]> step(List<int[]> population, long generation, RandomGenerator random, CandidateBatch batch) {
        return RandomRegistry.with(random, r -> {
            List<int[]> start = population.isEmpty() ? initial.create(populationSize, random) : population;
            Engine<IntegerGene, C> engine = engine(batch);
            ISeq<Phenotype<IntegerGene, C>> pop = start.stream()
                    .map(idx -> Phenotype.<IntegerGene, C>of(codec.genotype(idx), Math.max(0, generation - 1)))
                    .collect(ISeq.toISeq());
            EvolutionResult<IntegerGene, C> result = engine.stream(EvolutionStart.of(pop, generation)).limit(1)
                    .reduce((a, b) -> b).orElseThrow();
            List<int[]> next = new ArrayList<>();
            for (Phenotype<IntegerGene, C> p : result.population()) {
                next.add(codec.indices(p.genotype()));
            }
            return next;
        });
    }

    private Engine<IntegerGene, C> engine(CandidateBatch batch) {
        Evaluator<IntegerGene, C> evaluator = phenotypes -> {
            List<Architecture> archs = phenotypes.stream().map(p -> codec.decode(p.genotype())).toList();
            Map<String, CandidateResult> results = batch.evaluate(archs);
            List<Phenotype<IntegerGene, C>> out = new ArrayList<>();
            for (int i = 0; i < archs.size(); i++) {
                CandidateResult res = results.get(archs.get(i).blockString());
                if (res == null) {
                    throw new IllegalStateException("no result for " + archs.get(i).blockString());
                }
                out.add(phenotypes.get(i).withFitness(fitness.apply(res)));
            }
            return ISeq.of(out);
        };
        Constraint<IntegerGene, C> constraint = BudgetConstraint.of(repair);
        UniformCrossover<IntegerGene, C> crossover = new UniformCrossover<>(crossoverRate, 0.5);
        Mutator<IntegerGene, C> mutator = new Mutator<>(mutationRate);
        Engine.Builder<IntegerGene, C> b = new Engine.Builder<>(evaluator, constraint.constrain(codec.encoding()))
                .constraint(constraint)
                .executor(Runnable::run)
                .populationSize(populationSize)
                // under a screen a generation trains the offspring it keeps
                .offspringFraction(screen == null ? offspringFraction : screen.keep() / (double) populationSize)
                .offspringSelector(new TournamentSelector<>(2))
                .maximizing();
        b = screen == null ? b.alterers(crossover, mutator)
                : b.alterers(new ScreeningAlterer<>(Alterer.of(crossover, mutator), constraint, screen, codec));
        if (multiObjective) {
            @SuppressWarnings("unchecked")
            Engine.Builder<IntegerGene, C> moea = b.survivorsSelector((io.jenetics.Selector<IntegerGene, C>) (Object) NSGA2Selector.ofVec());
            b = moea;
        } else {
            b = b.survivorsSelector(new TournamentSelector<>(2));
        }
        return b.build();
    }
}

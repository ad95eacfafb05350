package org.facenas.searchspace.budget;

import io.jenetics.IntegerGene;
import io.jenetics.Phenotype;
import io.jenetics.engine.Constraint;

/** A Jenetics {@link Constraint}: an over-budget individual is repaired before it is ever evaluated. */
public final class BudgetConstraint<C extends Comparable<? super C>> implements Constraint<IntegerGene, C> {

    private final BudgetRepair repair;

    private BudgetConstraint(BudgetRepair repair) {
        this.repair = repair;
    }

    public static <C extends Comparable<? super C>> BudgetConstraint<C> of(BudgetRepair repair) {
        return new BudgetConstraint<>(repair);
    }

    @Override
    public boolean test(Phenotype<IntegerGene, C> individual) {
        return repair.allows(individual.genotype());
    }

    @Override
    public Phenotype<IntegerGene, C> repair(Phenotype<IntegerGene, C> individual, long generation) {
        return Phenotype.of(repair.repair(individual.genotype()), generation);
    }
}

package org.facenas.search.strategy;

import io.jenetics.Alterer;
import io.jenetics.AltererResult;
import io.jenetics.IntegerGene;
import io.jenetics.Phenotype;
import io.jenetics.engine.Constraint;
import io.jenetics.util.ISeq;
import io.jenetics.util.Seq;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.facenas.searchspace.codec.ArchitectureCodec;

/**
 * Jenetics' alterers run until they have proposed {@link ChildScreen#proposals()} children from the selected
 * parents (each round alters every parent afresh), each repaired into the budget, of which the screen keeps as many
 * as there are parents: the engine evaluates (trains) only those.
 */
final class ScreeningAlterer<C extends Comparable<? super C>> implements Alterer<IntegerGene, C> {

    private final Alterer<IntegerGene, C> alterers;
    private final Constraint<IntegerGene, C> constraint;
    private final ChildScreen screen;
    private final ArchitectureCodec codec;

    ScreeningAlterer(Alterer<IntegerGene, C> alterers, Constraint<IntegerGene, C> constraint, ChildScreen screen, ArchitectureCodec codec) {
        this.alterers = alterers;
        this.constraint = constraint;
        this.screen = screen;
        this.codec = codec;
    }

    @Override
    public AltererResult<IntegerGene, C> alter(Seq<Phenotype<IntegerGene, C>> parents, long generation) {
        if (parents.isEmpty()) {
            return alterers.alter(parents, generation);
        }
        if (parents.size() != screen.keep()) {
            throw new IllegalStateException(parents.size() + " offspring to fill, but the screen keeps " + screen.keep());
        }
        Map<int[], Phenotype<IntegerGene, C>> proposed = new IdentityHashMap<>();
        List<int[]> proposals = new ArrayList<>();
        int alterations = 0;
        while (proposals.size() < screen.proposals()) {
            AltererResult<IntegerGene, C> round = alterers.alter(parents, generation);
            alterations += round.alterations();
            for (Phenotype<IntegerGene, C> p : round.population()) {
                if (proposals.size() < screen.proposals()) {
                    Phenotype<IntegerGene, C> valid = constraint.test(p) ? p : constraint.repair(p, generation);
                    int[] idx = codec.indices(valid.genotype());
                    proposals.add(idx);
                    proposed.put(idx, valid);
                }
            }
        }
        List<Phenotype<IntegerGene, C>> kept = screen.choose(proposals, generation).stream().map(proposed::get).toList();
        return new AltererResult<>(ISeq.of(kept), alterations);
    }
}

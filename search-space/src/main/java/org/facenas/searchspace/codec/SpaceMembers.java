package org.facenas.searchspace.codec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.arch.Head;
import org.facenas.searchspace.arch.HeadPooling;
import org.facenas.searchspace.arch.Stage;

/**
 * The distinct architectures of a space. Genotypes overcount them: outside IR blocks the expansion and SE genes are
 * inert, so several genotypes decode to one block. Counting and sampling here are over distinct block strings.
 */
public final class SpaceMembers {

    private final SearchSpace space;
    private final List<List<Stage>> stages = new ArrayList<>();
    private final List<Head> heads = new ArrayList<>();

    public SpaceMembers(SearchSpace space) {
        this.space = space;
        for (StageChoices c : space.stages()) {
            stages.add(distinct(c));
        }
        for (int w : space.headChannels()) {
            for (HeadPooling p : space.headPoolings()) {
                for (int e : space.embeddingSizes()) {
                    heads.add(new Head(w, p, e));
                }
            }
        }
    }

    /** Every distinct stage one stage's genes decode to, in genotype order of first appearance. */
    public static List<Stage> distinct(StageChoices choices) {
        Set<Stage> out = new LinkedHashSet<>();
        int[] counts = choices.choiceCounts();
        int[] genes = new int[counts.length];
        do {
            out.add(choices.decode(genes));
        } while (next(genes, counts));
        return List.copyOf(out);
    }

    /** Steps an odometer of gene indices; false once every combination was visited. */
    static boolean next(int[] genes, int[] counts) {
        for (int g = genes.length - 1; g >= 0; g--) {
            if (++genes[g] < counts[g]) {
                return true;
            }
            genes[g] = 0;
        }
        return false;
    }

    public SearchSpace space() {
        return space;
    }

    /** The distinct stages stage {@code i} (0-based) can be. */
    public List<Stage> stages(int i) {
        return stages.get(i);
    }

    public List<Head> heads() {
        return List.copyOf(heads);
    }

    /** How many distinct architectures the space holds. */
    public BigInteger count() {
        BigInteger n = BigInteger.valueOf(heads.size());
        for (List<Stage> s : stages) {
            n = n.multiply(BigInteger.valueOf(s.size()));
        }
        return n;
    }

    public double log10Count() {
        double log = Math.log10(heads.size());
        for (List<Stage> s : stages) {
            log += Math.log10(s.size());
        }
        return log;
    }

    /** A member drawn uniformly among the distinct architectures (each stage and the head independently). */
    public Architecture sample(RandomGenerator random) {
        List<Stage> picked = new ArrayList<>();
        for (List<Stage> s : stages) {
            picked.add(s.get(random.nextInt(s.size())));
        }
        return new Architecture(space.stem(), picked, heads.get(random.nextInt(heads.size())));
    }
}

package org.facenas.results;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.facenas.results.stats.Proportion;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.budget.Budget;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.NotInSpaceException;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.codec.SpaceBounds;
import org.facenas.searchspace.codec.SpaceMembers;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;

/**
 * What a search space holds: its size, its exact extremes, the share of members a budget admits (estimated by
 * sampling members uniformly) and which zoo architectures lie in it. What {@code facenas space show} prints.
 *
 * @param architectures distinct architectures (block strings); {@code genotypes} counts the codec's gene combinations,
 *                      more where genes are inert (expansion and SE outside IR blocks)
 * @param fitting       the sampled share inside the budget, or null without a budget
 * @param zoo           every zoo architecture, in the space or not
 */
public record SpaceSummary(SearchSpace space, BigInteger architectures, double log10Architectures, BigInteger genotypes,
                           int genes, SpaceBounds bounds, Budget budget, Proportion fitting, List<ZooMember> zoo) {

    /** Coverage of the budget share's interval. */
    public static final double LEVEL = 0.90;

    /**
     * @param genotype the choice index of each gene when the architecture is a member, else null
     * @param reason   the first gene that does not fit when it is not
     */
    public record ZooMember(String name, String blockString, int[] genotype, String reason) {
        public boolean inSpace() {
            return genotype != null;
        }
    }

    /** @param budget null for none; samples draws for the budget's share (seeded) */
    public static SpaceSummary of(SearchSpace space, Budget budget, int samples, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
        }
        ArchitectureCodec codec = ArchitectureCodec.of(space);
        SpaceMembers members = new SpaceMembers(space);
        BigInteger genotypes = BigInteger.ONE;
        for (int g = 0; g < codec.geneCount(); g++) {
            genotypes = genotypes.multiply(BigInteger.valueOf(codec.choiceCount(g)));
        }
        Proportion fitting = null;
        if (budget != null) {
            SplittableRandom random = new SplittableRandom(seed);
            int in = 0;
            for (int i = 0; i < samples; i++) {
                Architecture a = members.sample(random);
                in += budget.allows(a, CostModel.of(a)) ? 1 : 0;
            }
            fitting = Proportion.clopperPearson(in, samples, LEVEL);
        }
        List<ZooMember> zoo = new ArrayList<>();
        for (String name : Zoo.names()) {
            Architecture a = Zoo.get(name);
            try {
                zoo.add(new ZooMember(name, a.blockString(), codec.indicesOf(a), null));
            } catch (NotInSpaceException e) {
                zoo.add(new ZooMember(name, a.blockString(), null, e.reason()));
            }
        }
        return new SpaceSummary(space, members.count(), members.log10Count(), genotypes, codec.geneCount(),
                SpaceBounds.of(space), budget, fitting, zoo);
    }

    /** The members the budget admits, estimated: the sampled share times the count (null without a budget). */
    public double[] estimatedFitting() {
        if (fitting == null) {
            return null;
        }
        double n = architectures.doubleValue();
        return new double[]{fitting.value() * n, fitting.lo() * n, fitting.hi() * n};
    }

    /** The JSON form; field names are part of the CLI's contract. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("space", space.name());
        m.put("stages", space.stages().size());
        m.put("genes", genes);
        m.put("architectures", architectures.toString());
        m.put("log10Architectures", log10Architectures);
        m.put("genotypes", genotypes.toString());
        m.put("fewestParams", extreme(bounds.fewestParams()));
        m.put("mostParams", extreme(bounds.mostParams()));
        m.put("fewestMflops", extreme(bounds.fewestMflops()));
        m.put("mostMflops", extreme(bounds.mostMflops()));
        if (fitting != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("budget", budget.toString());
            b.put("samples", fitting.trials());
            b.put("fitting", fitting.successes());
            b.put("share", fitting.value());
            b.put("shareLo", fitting.lo());
            b.put("shareHi", fitting.hi());
            b.put("level", fitting.level());
            b.put("interval", "Clopper-Pearson");
            double[] est = estimatedFitting();
            b.put("estimatedMembers", est[0]);
            b.put("estimatedMembersLo", est[1]);
            b.put("estimatedMembersHi", est[2]);
            m.put("budget", b);
        }
        List<Map<String, Object>> z = new ArrayList<>();
        for (ZooMember e : zoo) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", e.name());
            row.put("inSpace", e.inSpace());
            row.put("genotype", e.inSpace() ? Arrays.stream(e.genotype()).boxed().toList() : null);
            row.put("reason", e.reason());
            z.add(row);
        }
        m.put("zoo", z);
        return m;
    }

    private static Map<String, Object> extreme(SpaceBounds.Extreme e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("params", e.cost().params());
        m.put("macs", e.cost().macs());
        m.put("flops", e.cost().flops());
        m.put("mflops", e.cost().mflops());
        m.put("blockString", e.architecture().blockString());
        return m;
    }
}

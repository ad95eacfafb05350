package org.facenas.searchspace.codec;

import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import io.jenetics.engine.InvertibleCodec;
import io.jenetics.util.Factory;
import io.jenetics.util.IntRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.arch.BlockType;
import org.facenas.searchspace.arch.Head;
import org.facenas.searchspace.arch.Stage;

/**
 * Genotype of one integer chromosome, one gene per choice: every genotype decodes to a valid architecture.
 *
 * <p>All genes share one range [0, M) where M is a multiple of every gene's number of choices, and a gene
 * decodes as {@code value mod choices}. One shared range keeps the genes in one chromosome, so Jenetics'
 * crossovers can mix stages; the multiple keeps every choice equally likely.
 */
public final class ArchitectureCodec implements InvertibleCodec<Architecture, IntegerGene> {

    private static final int MAX_MODULUS = 1 << 20;

    private final SearchSpace space;
    private final int[] choiceCounts;
    private final int modulus;

    private ArchitectureCodec(SearchSpace space) {
        this.space = space;
        List<Integer> counts = new ArrayList<>();
        for (StageChoices s : space.stages()) {
            for (int c : s.choiceCounts()) {
                counts.add(c);
            }
        }
        counts.addAll(List.of(space.headChannels().size(), space.headPoolings().size(), space.embeddingSizes().size()));
        this.choiceCounts = counts.stream().mapToInt(Integer::intValue).toArray();
        BigInteger lcm = BigInteger.ONE;
        for (int c : choiceCounts) {
            BigInteger b = BigInteger.valueOf(c);
            lcm = lcm.multiply(b).divide(lcm.gcd(b));
        }
        if (lcm.compareTo(BigInteger.valueOf(MAX_MODULUS)) > 0) {
            throw new IllegalArgumentException("search space '" + space.name() + "': the choice counts "
                    + counts + " have a least common multiple over " + MAX_MODULUS + "; use counts like 2, 3, 4, 5, 6");
        }
        this.modulus = lcm.intValueExact();
    }

    public static ArchitectureCodec of(SearchSpace space) {
        return new ArchitectureCodec(space);
    }

    public SearchSpace space() {
        return space;
    }

    public int geneCount() {
        return choiceCounts.length;
    }

    /** How many values gene {@code i} can decode to. */
    public int choiceCount(int gene) {
        return choiceCounts[gene];
    }

    @Override
    public Factory<Genotype<IntegerGene>> encoding() {
        return Genotype.of(IntegerChromosome.of(IntRange.of(0, modulus), choiceCounts.length));
    }

    @Override
    public Function<Genotype<IntegerGene>, Architecture> decoder() {
        return g -> decode(indices(g));
    }

    @Override
    public Function<Architecture, Genotype<IntegerGene>> encoder() {
        return a -> genotype(indicesOf(a));
    }

    /** The choice index each gene selects. */
    public int[] indices(Genotype<IntegerGene> genotype) {
        IntegerChromosome c = genotype.chromosome().as(IntegerChromosome.class);
        if (c.length() != choiceCounts.length) {
            throw new IllegalArgumentException("genotype has " + c.length() + " genes, search space '" + space.name()
                    + "' needs " + choiceCounts.length);
        }
        int[] idx = new int[choiceCounts.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = Math.floorMod(c.get(i).intValue(), choiceCounts[i]);
        }
        return idx;
    }

    /** The genotype whose genes select exactly these choice indices. */
    public Genotype<IntegerGene> genotype(int[] indices) {
        List<IntegerGene> genes = new ArrayList<>();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= choiceCounts[i]) {
                throw new IllegalArgumentException("gene " + i + " index " + indices[i] + " is out of 0.." + (choiceCounts[i] - 1));
            }
            genes.add(IntegerGene.of(indices[i], IntRange.of(0, modulus)));
        }
        return Genotype.of(IntegerChromosome.of(genes));
    }

    public Architecture decode(int[] idx) {
        List<Stage> stages = new ArrayList<>();
        int g = 0;
        for (StageChoices s : space.stages()) {
            stages.add(s.decode(java.util.Arrays.copyOfRange(idx, g, g + Gene.PER_STAGE)));
            g += Gene.PER_STAGE;
        }
        Head head = new Head(space.headChannels().get(idx[g]), space.headPoolings().get(idx[g + 1]),
                space.embeddingSizes().get(idx[g + 2]));
        return new Architecture(space.stem(), stages, head);
    }

    /** The choice indices of an architecture of this space; a {@link NotInSpaceException} naming the first gene it lacks. */
    public int[] indicesOf(Architecture a) {
        if (!a.stem().equals(space.stem())) {
            throw notInSpace(a, "stem " + a.stem().blockString() + " is not the space's " + space.stem().blockString());
        }
        if (a.stages().size() != space.stages().size()) {
            throw notInSpace(a, "it has " + a.stages().size() + " stages, the space " + space.stages().size());
        }
        int[] idx = new int[choiceCounts.length];
        int g = 0;
        for (int i = 0; i < a.stages().size(); i++) {
            Stage s = a.stages().get(i);
            StageChoices c = space.stages().get(i);
            String where = "stage " + (i + 1) + " ";
            idx[g + Gene.TYPE.ordinal()] = index(a, c.types(), s.type(), where + "block type");
            idx[g + Gene.KERNEL.ordinal()] = index(a, c.kernels(), s.kernel(), where + "kernel");
            idx[g + Gene.EXPANSION.ordinal()] = s.type() == BlockType.IR
                    ? index(a, c.expansions(), s.expansion(), where + "expansion") : 0;
            idx[g + Gene.WIDTH.ordinal()] = index(a, c.widths(), s.channels(), where + "width");
            idx[g + Gene.REPEATS.ordinal()] = index(a, c.repeats(), s.repeats(), where + "repeats");
            idx[g + Gene.STRIDE.ordinal()] = index(a, c.strides(), s.stride(), where + "stride");
            // like the expansion, the SE gene is inert outside IR blocks (decode gives them no SE)
            idx[g + Gene.SE.ordinal()] = s.type() == BlockType.IR ? index(a, c.seRatios(), s.seRatio(), where + "SE ratio") : 0;
            idx[g + Gene.SKIP.ordinal()] = index(a, c.skips(), s.skip(), where + "skip");
            g += Gene.PER_STAGE;
        }
        idx[g] = index(a, space.headChannels(), a.head().channels(), "head width");
        idx[g + 1] = index(a, space.headPoolings(), a.head().pooling(), "head pooling");
        idx[g + 2] = index(a, space.embeddingSizes(), a.head().embeddingSize(), "embedding size");
        return idx;
    }

    /** The gene index of the embedding size. */
    public int embeddingGene() {
        return choiceCounts.length - 1;
    }

    private <T> int index(Architecture a, List<T> choices, T value, String what) {
        int i = choices.indexOf(value);
        if (i < 0) {
            throw notInSpace(a, what + " " + value + " is not one of " + choices);
        }
        return i;
    }

    private NotInSpaceException notInSpace(Architecture a, String why) {
        return new NotInSpaceException(a.blockString(), space.name(), why);
    }
}

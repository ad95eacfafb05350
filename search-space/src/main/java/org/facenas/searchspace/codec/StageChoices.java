package org.facenas.searchspace.codec;

import java.util.List;
import org.facenas.searchspace.arch.BlockType;
import org.facenas.searchspace.arch.Stage;

/**
 * The values each gene of one stage may take. Lists are ordered cheapest first: the budget repair moves genes
 * toward index 0, and the all-zero genotype is the smallest architecture of the space.
 */
public record StageChoices(List<BlockType> types, List<Integer> kernels, List<Integer> expansions,
                           List<Integer> widths, List<Integer> repeats, List<Integer> strides,
                           List<Double> seRatios, List<Boolean> skips) {

    public StageChoices {
        types = nonEmpty(types, "block types");
        kernels = nonEmpty(kernels, "kernels");
        expansions = nonEmpty(expansions, "expansions");
        widths = nonEmpty(widths, "widths");
        repeats = nonEmpty(repeats, "repeats");
        strides = nonEmpty(strides, "strides");
        seRatios = nonEmpty(seRatios, "SE ratios");
        skips = nonEmpty(skips, "skips");
    }

    /** The stage one stage's genes select, in {@link Gene} order; expansion and SE are inert outside IR blocks. */
    public Stage decode(int[] genes) {
        BlockType type = types.get(genes[Gene.TYPE.ordinal()]);
        boolean ir = type == BlockType.IR;
        return new Stage(type, repeats.get(genes[Gene.REPEATS.ordinal()]), kernels.get(genes[Gene.KERNEL.ordinal()]),
                strides.get(genes[Gene.STRIDE.ordinal()]), ir ? expansions.get(genes[Gene.EXPANSION.ordinal()]) : 1,
                widths.get(genes[Gene.WIDTH.ordinal()]), ir ? seRatios.get(genes[Gene.SE.ordinal()]) : 0.0,
                skips.get(genes[Gene.SKIP.ordinal()]));
    }

    /** How many values each gene of this stage can take, in {@link Gene} order. */
    public int[] choiceCounts() {
        return new int[]{types.size(), kernels.size(), expansions.size(), widths.size(), repeats.size(), strides.size(),
                seRatios.size(), skips.size()};
    }

    static <T> List<T> nonEmpty(List<T> values, String what) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("search space: the list of " + what + " is empty");
        }
        if (values.stream().distinct().count() != values.size()) {
            throw new IllegalArgumentException("search space: the list of " + what + " " + values + " has duplicates");
        }
        return List.copyOf(values);
    }

    /** Widths as multiples of a base width, rounded to a multiple of 8 (at least 8). */
    public static List<Integer> widthsAround(int base, double... multipliers) {
        return java.util.Arrays.stream(multipliers).mapToObj(m -> Math.max(8, (int) Math.round(base * m / 8) * 8))
                .distinct().toList();
    }
}

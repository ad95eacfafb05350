package org.facenas.searchspace.codec;

import java.util.List;
import org.facenas.searchspace.arch.BlockType;

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

package org.facenas.searchspace.codec;

import java.util.ArrayList;
import java.util.List;
import org.facenas.searchspace.arch.BlockType;
import org.facenas.searchspace.arch.HeadPooling;
import org.facenas.searchspace.arch.Stem;

/**
 * An MNasNet-style factorised space: a fixed stem, a fixed number of stages each with its own gene choices,
 * and the head's genes.
 */
public record SearchSpace(String name, Stem stem, List<StageChoices> stages, List<Integer> headChannels,
                          List<HeadPooling> headPoolings, List<Integer> embeddingSizes) {

    public SearchSpace {
        if (stem == null) {
            throw new IllegalArgumentException("search space '" + name + "' has no stem");
        }
        if (stages == null || stages.isEmpty()) {
            throw new IllegalArgumentException("search space '" + name + "' has no stages");
        }
        stages = List.copyOf(stages);
        headChannels = StageChoices.nonEmpty(headChannels, "head widths");
        headPoolings = StageChoices.nonEmpty(headPoolings, "head poolings");
        embeddingSizes = StageChoices.nonEmpty(embeddingSizes, "embedding sizes");
    }

    /**
     * MobileFaceNet's macro-structure (stem c64 depthwise, five stages on base widths 64/128/128/128/128) with
     * every gene free: it contains mobilefacenet and mobilefacenet-512 themselves.
     */
    public static SearchSpace mobileFaceNetSpace() {
        int[] bases = {64, 128, 128, 128, 128};
        List<StageChoices> stages = new ArrayList<>();
        for (int base : bases) {
            stages.add(new StageChoices(
                    List.of(BlockType.DS, BlockType.IR, BlockType.RES),
                    List.of(3, 5, 7),
                    List.of(1, 2, 4, 6),
                    StageChoices.widthsAround(base, 0.5, 0.75, 1.0, 1.25, 1.5),
                    List.of(1, 2, 3, 4, 5, 6),
                    List.of(2, 1),
                    List.of(0.0, 0.25),
                    List.of(true, false)));
        }
        return new SearchSpace("mbf-space", Stem.depthwise(64), stages, List.of(256, 512, 768),
                List.of(HeadPooling.GAP, HeadPooling.GDC), List.of(128, 256, 512));
    }

    public static SearchSpace named(String name) {
        if (name.equals("mbf-space")) {
            return mobileFaceNetSpace();
        }
        throw new IllegalArgumentException("unknown search space '" + name + "': use mbf-space");
    }
}

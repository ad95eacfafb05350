package org.facenas.searchspace.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * A face-embedding network: stem, stages, head. Immutable; its canonical block string
 * ({@link #blockString()}) is its id, cache key and export format, and {@link #parse(String)} reads it back.
 */
public record Architecture(Stem stem, List<Stage> stages, Head head) {

    public static final String SEPARATOR = ",";

    public Architecture {
        if (stem == null || head == null) {
            throw new IllegalArgumentException("an architecture needs a stem and a head");
        }
        if (stages == null || stages.isEmpty()) {
            throw new IllegalArgumentException("an architecture needs at least one stage");
        }
        stages = List.copyOf(stages);
    }

    /** Parses a block string such as {@code stem_c64,ir_r5_k3_s2_e2_c64,...,head_c512_gdc_emb128}. */
    public static Architecture parse(String blockString) {
        return BlockStringParser.parse(blockString);
    }

    public String blockString() {
        List<String> tokens = new ArrayList<>();
        tokens.add(stem.blockString());
        stages.forEach(s -> tokens.add(s.blockString()));
        tokens.add(head.blockString());
        return String.join(SEPARATOR, tokens);
    }

    public int embeddingSize() {
        return head.embeddingSize();
    }

    @Override
    public String toString() {
        return blockString();
    }
}

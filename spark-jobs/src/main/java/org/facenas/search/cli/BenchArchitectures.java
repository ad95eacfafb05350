package org.facenas.search.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;

/** What {@code bench kd --archs} names: zoo names, block strings (split at their commas by picocli) and samples. */
final class BenchArchitectures {

    private BenchArchitectures() {
    }

    /**
     * Zoo names, block strings, and sampled:K:SEED, by the label tables give them (a zoo name, the block string,
     * or sampled:K:SEED/i). Exactly K sampled architectures or a one-line error.
     */
    static Map<String, Architecture> resolve(List<String> specs) {
        Map<String, Architecture> out = new LinkedHashMap<>();
        for (String s : blockStringsRejoined(specs)) {
            if (s.startsWith("sampled:")) {
                String[] parts = s.split(":");
                int count;
                long seed;
                try {
                    if (parts.length != 3) {
                        throw new NumberFormatException();
                    }
                    count = Integer.parseInt(parts[1]);
                    seed = Long.parseLong(parts[2]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--archs " + s + ": use sampled:COUNT:SEED, e.g. sampled:2:7");
                }
                if (count < 1) {
                    throw new IllegalArgumentException("--archs " + s + ": the count must be at least 1");
                }
                java.util.Random random = new java.util.Random(seed);
                ArchitectureCodec codec = ArchitectureCodec.of(SearchSpace.mobileFaceNetSpace());
                int found = 0;
                int tries = 0;
                for (; found < count && tries < MAX_DRAWS; tries++) {
                    int[] idx = new int[codec.geneCount()];
                    for (int g = 0; g < idx.length; g++) {
                        idx[g] = random.nextInt(codec.choiceCount(g));
                    }
                    Architecture a = codec.decode(idx);
                    // proxy-trainable on 2 cores: the bench is about KD, not about the heaviest corner of the space
                    if (CostModel.of(a).mflops() < SAMPLED_MFLOPS && !out.containsValue(a)) {
                        out.put(s + "/" + (++found), a);
                    }
                }
                if (found < count) {
                    throw new IllegalArgumentException("--archs " + s + ": only " + found + " distinct architectures under "
                            + SAMPLED_MFLOPS + " MFLOPs in " + tries + " draws: ask for fewer");
                }
            } else {
                Architecture a = Zoo.resolve(s);
                if (out.putIfAbsent(Zoo.nameOf(a).orElse(a.blockString()), a) != null) {
                    throw new IllegalArgumentException("--archs names " + s + " twice");
                }
            }
        }
        return out;
    }

    /** --archs is split at commas, which also separate a block string's blocks: stem_... up to head_... is one. */
    private static List<String> blockStringsRejoined(List<String> parts) {
        List<String> out = new ArrayList<>();
        StringBuilder block = null;
        for (String part : parts) {
            if (block == null && part.startsWith("stem_")) {
                block = new StringBuilder(part);
            } else if (block != null) {
                block.append(',').append(part);
            } else {
                out.add(part);
            }
            if (block != null && part.startsWith("head_")) {
                out.add(block.toString());
                block = null;
            }
        }
        if (block != null) {
            out.add(block.toString()); // no head: Architecture.parse says so
        }
        return out;
    }

    static final int SAMPLED_MFLOPS = 300;
    static final int MAX_DRAWS = 10_000;
}

package org.facenas.searchspace.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.Cost;

/**
 * Hard deployment limits. A null limit is no limit. MFLOPs are 2 x MACs / 10^6; megabytes are fp32 weights
 * in 10^6 bytes.
 */
public record Budget(String name, Limit mflops, Limit params, Limit megabytes, Integer embeddingSize) {

    private static final Map<String, Budget> PRESETS = java.util.Collections.unmodifiableMap(new TreeMap<>(Map.of(
            // ICCV-2019 Lightweight Face Recognition challenge, light track
            "lfr-light", new Budget("lfr-light", Limit.below(1000), null, Limit.below(20), 512),
            // PocketNet-S class
            "pocketnet-s", new Budget("pocketnet-s", null, Limit.atMost(1_000_000), null, null),
            "efar-compact", new Budget("efar-compact", null, Limit.atMost(2_000_000), null, null),
            "none", new Budget("none", null, null, null, null))));

    public Budget {
        if (embeddingSize != null && embeddingSize < 1) {
            throw new IllegalArgumentException("budget embedding size must be positive, got " + embeddingSize);
        }
    }

    public static Budget none() {
        return PRESETS.get("none");
    }

    public static Budget preset(String name) {
        Budget b = PRESETS.get(name);
        if (b == null) {
            throw new IllegalArgumentException("unknown budget preset '" + name + "': use one of "
                    + String.join(", ", PRESETS.keySet()) + ", or give explicit limits");
        }
        return b;
    }

    public static Map<String, Budget> presets() {
        return PRESETS;
    }

    public Optional<Integer> requiredEmbeddingSize() {
        return Optional.ofNullable(embeddingSize);
    }

    /** What the architecture breaks, one phrase per limit; empty when it fits. */
    public List<String> violations(Architecture architecture, Cost cost) {
        List<String> v = new ArrayList<>();
        if (mflops != null && !mflops.allows(cost.mflops())) {
            v.add(String.format(Locale.ROOT, "%.1f MFLOPs is not %s", cost.mflops(), mflops));
        }
        if (params != null && !params.allows(cost.params())) {
            v.add(String.format(Locale.ROOT, "%,d params is not %s", cost.params(), params));
        }
        if (megabytes != null && !megabytes.allows(cost.megabytes())) {
            v.add(String.format(Locale.ROOT, "%.2f MB is not %s", cost.megabytes(), megabytes));
        }
        if (embeddingSize != null && architecture.embeddingSize() != embeddingSize) {
            v.add("embedding " + architecture.embeddingSize() + "-d is not the required " + embeddingSize + "-d");
        }
        return v;
    }

    public boolean allows(Architecture architecture, Cost cost) {
        return violations(architecture, cost).isEmpty();
    }

    /** Sum of relative excesses over the cost limits (0 when within them); the repair drives this down. */
    public double excess(Cost cost) {
        return (mflops == null ? 0 : mflops.excess(cost.mflops()))
                + (params == null ? 0 : params.excess(cost.params()))
                + (megabytes == null ? 0 : megabytes.excess(cost.megabytes()));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (mflops != null) {
            parts.add("MFLOPs " + mflops);
        }
        if (params != null) {
            parts.add("params " + params);
        }
        if (megabytes != null) {
            parts.add("MB " + megabytes);
        }
        if (embeddingSize != null) {
            parts.add(embeddingSize + "-d");
        }
        return name + (parts.isEmpty() ? " (no limits)" : " (" + String.join(", ", parts) + ")");
    }
}

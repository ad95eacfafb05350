package org.facenas.data.align;

import java.nio.file.Path;
import java.util.Map;

/**
 * Totals of a dataset alignment run.
 *
 * @param photos   photos examined
 * @param counts   photos per outcome
 * @param report   the per-photo TSV report written
 * @param seconds  wall time
 */
public record AlignmentSummary(int photos, Map<AlignStatus, Integer> counts, Path report, double seconds) {

    public AlignmentSummary {
        counts = Map.copyOf(counts);
    }

    /** Photos aligned and written. */
    public int aligned() {
        return counts.getOrDefault(AlignStatus.ALIGNED, 0);
    }

    /** Throughput in photos per second. */
    public double photosPerSecond() {
        return seconds > 0 ? photos / seconds : 0;
    }
}

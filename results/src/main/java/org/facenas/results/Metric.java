package org.facenas.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.facenas.records.CandidateResult;

/**
 * What a search can optimise about a candidate, each with its direction: the one definition the strategies'
 * fitness ({@code Fitness}), the MNasNet reward and the run's front ({@link RunFront}) all read. Written in configs
 * and records in lower case.
 */
public enum Metric {
    ACCURACY(true), ROCAUC(true), MFLOPS(false), PARAMS(false), LATENCY(false);

    private final boolean maximise;

    Metric(boolean maximise) {
        this.maximise = maximise;
    }

    public boolean maximise() {
        return maximise;
    }

    /**
     * Whether this is a quality score (what a search ranks on; a config names exactly one) rather than a cost.
     */
    public boolean quality() {
        return this == ACCURACY || this == ROCAUC;
    }

    /**
     * Whether {@code r} has a score for this metric: costs always do; a quality score only on a working candidate. A
     * zero-cost proxy's result (the first rung of successive halving) has its ranking score in place of either quality
     * score: a rung ranks only its own results, so it is never compared with a trained one.
     */
    public boolean scored(CandidateResult r) {
        if (quality() && r.zeroCost() != null) {
            return r.ok() && r.zeroCost().rankingValue() != null;
        }
        return switch (this) {
            case ACCURACY -> r.ok() && r.accuracy() != null;
            case ROCAUC -> r.ok() && r.rocAuc() != null;
            default -> true;
        };
    }

    /**
     * The candidate's value: a failed candidate's accuracy or ROC AUC is 0 (not AUC's chance level 0.5: 0 keeps a
     * failure dominated by every working candidate, whose AUC can be below 0.5); a latency that was not measured counts as the
     * largest value, so that it never looks fast. A zero-cost result's quality is its ranking score (see
     * {@link #scored}).
     */
    public double value(CandidateResult r) {
        if (quality() && r.zeroCost() != null) {
            // a failure or a non-finite score ranks below every scored candidate of its zero-cost rung
            return scored(r) ? r.zeroCost().rankingValue() : -Double.MAX_VALUE;
        }
        return switch (this) {
            case ACCURACY -> r.ok() && r.accuracy() != null ? r.accuracy() : 0;
            case ROCAUC -> r.ok() && r.rocAuc() != null ? r.rocAuc() : 0;
            case MFLOPS -> r.mflops();
            case PARAMS -> r.params();
            case LATENCY -> r.latencyMs() == null ? Double.MAX_VALUE : r.latencyMs();
        };
    }

    /** This metric as an axis for Pareto ranks and hypervolume. */
    public Objective<CandidateResult> objective() {
        return new Objective<>(key(), maximise, this::value);
    }

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Metric parse(String name) {
        for (Metric m : values()) {
            if (m.key().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown objective '" + name + "': use "
                + Arrays.stream(values()).map(Metric::key).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return key();
    }
}

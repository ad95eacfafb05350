package org.facenas.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.facenas.evaluator.CandidateResult;

/**
 * What a search can optimise about a candidate, each with its direction: the one definition the strategies'
 * fitness ({@code Fitness}), the MNasNet reward and the run's front ({@link RunFront}) all read. Written in configs
 * and records in lower case.
 */
public enum Metric {
    ACCURACY(true), MFLOPS(false), PARAMS(false), LATENCY(false);

    private final boolean maximise;

    Metric(boolean maximise) {
        this.maximise = maximise;
    }

    public boolean maximise() {
        return maximise;
    }

    /**
     * The candidate's value: a failed candidate's accuracy is 0; a latency that was not measured counts as the
     * largest value, so that it never looks fast.
     */
    public double value(CandidateResult r) {
        return switch (this) {
            case ACCURACY -> r.ok() && r.accuracy() != null ? r.accuracy() : 0;
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

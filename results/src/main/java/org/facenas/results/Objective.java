package org.facenas.results;

import java.util.function.ToDoubleFunction;

/** One axis of a multi-objective comparison, e.g. maximise accuracy or minimise MFLOPs. */
public record Objective<T>(String name, boolean maximise, ToDoubleFunction<T> value) {

    public static <T> Objective<T> maximise(String name, ToDoubleFunction<T> value) {
        return new Objective<>(name, true, value);
    }

    public static <T> Objective<T> minimise(String name, ToDoubleFunction<T> value) {
        return new Objective<>(name, false, value);
    }

    /** The value as a quantity to minimise. */
    public double cost(T item) {
        double v = value.applyAsDouble(item);
        return maximise ? -v : v;
    }
}

package org.facenas.searchspace.budget;

import java.math.BigDecimal;

/** An upper bound: {@code value < max} when strict, {@code value <= max} otherwise. */
public record Limit(double max, boolean strict) {
    public Limit {
        if (!(max > 0) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("a budget limit must be a positive number, got " + max);
        }
    }

    public static Limit below(double max) {
        return new Limit(max, true);
    }

    public static Limit atMost(double max) {
        return new Limit(max, false);
    }

    public boolean allows(double value) {
        return strict ? value < max : value <= max;
    }

    /** How far over the limit, relative to it; 0 when allowed. */
    public double excess(double value) {
        return allows(value) ? 0 : Math.max(value / max - 1, 1e-9);
    }

    @Override
    public String toString() {
        return (strict ? "< " : "<= ") + BigDecimal.valueOf(max).stripTrailingZeros().toPlainString();
    }
}

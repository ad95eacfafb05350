package org.facenas.records;

import java.util.Locale;

/**
 * A score as a person should compare it: with its spread. An unknown spread (a record written before it was measured)
 * prints as {@code n/a} rather than as 0, which would claim a certainty nobody measured.
 */
public final class PlusMinus {

    private PlusMinus() {
    }

    /** {@code "0.8440 +- 0.0123"}; {@code "0.8440 +- n/a"} when the std is unknown; {@code "n/a"} without a score. */
    public static String of(Double value, Double std) {
        if (value == null) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.4f +- %s", value, std == null ? "n/a" : String.format(Locale.ROOT, "%.4f", std));
    }
}

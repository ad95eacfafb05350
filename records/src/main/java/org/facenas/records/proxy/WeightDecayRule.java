package org.facenas.records.proxy;

import java.util.Arrays;
import java.util.Locale;

/**
 * How many times the ADAM recipe's decoupled weight decay acts on a weight per step. DL4J 1.0.0-M2.1 lists a
 * network-wide {@code .weightDecay()} twice on each of its layers (convolution, depthwise convolution, dense), so
 * until issue 25 those weights decayed at twice the configured rate (the margin head, then a SameDiff layer, once).
 * Part of the proxy key, so that trainings of one rule are never reused for the other.
 */
public enum WeightDecayRule {
    /** Each weight decays at the configured rate: what every proxy trains with. */
    ONCE,
    /** DL4J's double listing, kept to re-read (and reproduce) the records made before the fix; its keys are the old ones. */
    DOUBLED;

    public static WeightDecayRule parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("weight decay rule " + name + ": use one of "
                    + String.join(", ", Arrays.stream(values()).map(WeightDecayRule::label).toList()));
        }
    }

    /** Its name as the user writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

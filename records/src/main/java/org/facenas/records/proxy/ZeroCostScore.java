package org.facenas.records.proxy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The scores a zero-cost proxy computes at initialisation, by their JSON names; one of them is the proxy's ranking
 * (higher is taken as better for every one of them, params and MFLOPs included: bigger networks tend to verify better).
 */
public enum ZeroCostScore {
    SYNFLOW("synflow"), NASWOT("naswot"), GRAD_NORM("gradNorm"), SNIP("snip"), JACOB_COV("jacobCov"), PARAMS("params"),
    MFLOPS("mflops");

    /**
     * The zero-cost proxy's ranking unless the proxy names another: SynFlow was the best single zero-cost score on
     * NAS-Bench-101/201 and NATS-SSS in Abdelfattah et al. (ICLR 2021), and it needs no labels, so it cannot be hurt
     * by a face dataset's many identities with few images each.
     */
    public static final ZeroCostScore DEFAULT = SYNFLOW;

    private final String key;

    ZeroCostScore(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    @JsonCreator
    public static ZeroCostScore parse(String name) {
        for (ZeroCostScore s : values()) {
            if (s.key.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown zero-cost score '" + name + "': use one of "
                + Arrays.stream(values()).map(ZeroCostScore::key).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return key;
    }
}

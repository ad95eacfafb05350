package org.facenas.results;

import java.util.List;
import org.facenas.records.proxy.ProxySettings;

/**
 * Successive halving (multi-fidelity): new candidates train on the first rung's proxy; after each generation the
 * best 1/eta of every rung (by the objectives, on that rung's scores alone) move up to the next (ASHA's rule: a
 * candidate is promoted once it is in the top floor(n/eta) of the n recorded at its rung).
 *
 * @param rungs proxies of increasing cost: presets or named overrides NAME=PRESET:key=value:...
 * @param eta   the reduction factor (3 keeps a third)
 */
public record Fidelity(List<String> rungs, Integer eta) {
    public Fidelity {
        // one rung is single-fidelity search on that proxy (what bench search compares halving with)
        SearchConfig.require(rungs != null && !rungs.isEmpty(), "fidelity.rungs needs proxies, cheapest first, e.g. [screen, quick]");
        rungs = List.copyOf(rungs);
        eta = eta == null ? 3 : eta;
        SearchConfig.require(eta >= 2, "fidelity.eta must be at least 2");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String r : rungs) {
            ProxySettings p;
            try {
                p = org.facenas.records.proxy.ProxyOverrides.parse(r);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config fidelity.rungs: " + e.getMessage());
            }
            SearchConfig.require(names.add(p.name()), "fidelity.rungs names proxy " + p.name() + " twice");
            // a front, a hypervolume and the search's result need trained scores: zero-cost only screens
            SearchConfig.require(!p.zeroCostOnly() || (rungs.indexOf(r) == 0 && rungs.size() >= 2), "fidelity.rungs: zero-cost proxy " + p.name()
                    + " can only be the first of two or more rungs (it trains nothing), e.g. [zero-cost, quick]");
        }
    }

    public ProxySettings proxy(int rung) {
        return org.facenas.records.proxy.ProxyOverrides.parse(rungs.get(rung));
    }
}

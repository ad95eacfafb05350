package org.facenas.search.predictor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facenas.records.proxy.ZeroCostScore;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;

/**
 * What the predictor sees of an architecture: one indicator per (gene, choice) of the search space's codec (the
 * per-stage genes), ln params and ln MFLOPs from the cost model, and optionally zero-cost scores. An architecture the
 * codec cannot encode (outside the space) has no features.
 */
public final class ArchitectureFeatures {

    private final ArchitectureCodec codec;
    private final List<ZeroCostScore> zeroCost;
    private final List<String> names = new ArrayList<>();

    /** @param zeroCost the zero-cost scores to use as features (params and MFLOPs are always in) */
    public ArchitectureFeatures(ArchitectureCodec codec, List<ZeroCostScore> zeroCost) {
        this.codec = codec;
        this.zeroCost = zeroCost.stream().filter(s -> s != ZeroCostScore.PARAMS && s != ZeroCostScore.MFLOPS).toList();
        for (int g = 0; g < codec.geneCount(); g++) {
            for (int c = 0; c < codec.choiceCount(g); c++) {
                names.add(String.format("gene%02d=%d", g, c));
            }
        }
        names.add("lnParams");
        names.add("lnMflops");
        this.zeroCost.forEach(s -> names.add(s.key()));
    }

    public List<String> names() {
        return List.copyOf(names);
    }

    public List<ZeroCostScore> zeroCost() {
        return zeroCost;
    }

    /**
     * The features of {@code a}, given its zero-cost scores (ignored unless the features use them); empty when the
     * codec cannot encode it or a zero-cost score the features use is missing.
     */
    public Optional<double[]> of(Architecture a, Map<ZeroCostScore, Double> scores) {
        int[] idx;
        try {
            idx = codec.indicesOf(a);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        double[] v = new double[names.size()];
        int k = 0;
        for (int g = 0; g < codec.geneCount(); g++) {
            v[k + idx[g]] = 1;
            k += codec.choiceCount(g);
        }
        Cost cost = CostModel.of(a);
        v[k++] = Math.log(cost.params());
        v[k++] = Math.log(cost.mflops());
        for (ZeroCostScore s : zeroCost) {
            Double z = scores.get(s);
            if (z == null || !Double.isFinite(z)) {
                return Optional.empty();
            }
            v[k++] = z;
        }
        return Optional.of(v);
    }
}

package org.facenas.results.confirm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facenas.records.ArchitectureReference;
import org.facenas.results.FrontRow;
import org.facenas.results.Metric;
import org.facenas.results.RunFront;
import org.facenas.results.RunRecord;
import org.facenas.results.SearchConfig;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.zoo.Zoo;

/**
 * What a confirmation retrains: the run's references (the config's {@code references:}, then its
 * {@code seedArchitectures}, the yardsticks a search is meant to beat) and the best front members that are not one
 * of them, by the run's quality score (the order {@code front} prints), each block string once.
 */
public final class ConfirmSelection {

    /**
     * An architecture to retrain.
     *
     * @param label     what tables call it: a zoo name, {@code seed-N} for a seed architecture outside the zoo, or
     *                  {@code front-R} for the front member of rank R
     * @param reference whether it is a yardstick the others are compared against
     */
    public record Entry(String label, String blockString, boolean reference) {
    }

    private ConfirmSelection() {
    }

    /** The run's references, in config order, each block string once. */
    public static List<Entry> references(SearchConfig config) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (String name : config.references()) {
            Architecture a = Zoo.resolve(name);
            out.putIfAbsent(a.blockString(), new Entry(Zoo.nameOf(a).orElse("reference-" + (out.size() + 1)), a.blockString(), true));
        }
        int seedNo = 0;
        for (String seed : config.seedArchitectures()) {
            seedNo++;
            Architecture a = ArchitectureReference.resolve(seed);
            out.putIfAbsent(a.blockString(), new Entry(Zoo.nameOf(a).orElse("seed-" + seedNo), a.blockString(), true));
        }
        return List.copyOf(out.values());
    }

    /**
     * The {@code top} best front members that are not references, then the references. Fails when the run's top rung
     * has no front member besides its references (nothing to confirm).
     */
    public static List<Entry> select(RunRecord run, int top) {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, not " + top);
        }
        List<Entry> references = references(run.config());
        List<String> referenceBlocks = references.stream().map(Entry::blockString).toList();
        List<Entry> out = new ArrayList<>();
        for (FrontRow r : RunFront.of(run, null, null, "score")) {
            if (out.size() < top && !referenceBlocks.contains(r.blockString())
                    && out.stream().noneMatch(e -> e.blockString().equals(r.blockString()))) {
                out.add(new Entry("front-" + r.rank(), r.blockString(), false));
            }
        }
        if (out.isEmpty()) {
            int rung = run.config().rungCount() - 1;
            throw new IllegalArgumentException("run " + run.dir() + " has no front member besides its references at its top rung ("
                    + run.config().proxySettings(rung).name() + "): nothing to confirm; let the search record candidates there first");
        }
        out.addAll(references);
        return out;
    }

    /**
     * The {@code top} best architectures that {@code facenas confirm} retrained at {@code proxy} and that are not
     * references, by their mean quality score over the seeds recorded there (ties: the better front rank), labelled
     * {@code confirmed-R}; then the references. A search's front ranks on one seed at its top rung, so after a
     * confirmation this is the order to trust. Fails when nothing but references was confirmed at {@code proxy}.
     */
    public static List<Entry> selectConfirmed(RunRecord run, int top, String proxy) {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, not " + top);
        }
        Metric quality = run.config().qualityMetric();
        List<Entry> references = references(run.config());
        List<String> referenceBlocks = references.stream().map(Entry::blockString).toList();
        List<String> frontOrder = RunFront.of(run, null, null, "score").stream().map(FrontRow::blockString).toList();
        record Confirmed(String blockString, double mean, int frontRank) {
        }
        List<Confirmed> confirmed = new ArrayList<>();
        Confirmation.scores(run.dir(), quality).forEach((bs, scores) -> scores.stream().filter(s -> s.proxy().equals(proxy)).findFirst()
                .filter(s -> !referenceBlocks.contains(bs))
                .ifPresent(s -> confirmed.add(new Confirmed(bs, s.mean(), frontOrder.contains(bs) ? frontOrder.indexOf(bs) : Integer.MAX_VALUE))));
        if (confirmed.isEmpty()) {
            throw new IllegalArgumentException("run " + run.dir() + " has no architecture besides its references confirmed at " + proxy
                    + ": run facenas confirm " + run.dir() + " --proxy " + proxy + " first, or leave out --confirmed-at");
        }
        Comparator<Confirmed> best = Comparator.comparingDouble(Confirmed::mean);
        confirmed.sort((quality.maximise() ? best.reversed() : best).thenComparingInt(Confirmed::frontRank));
        List<Entry> out = new ArrayList<>();
        for (Confirmed c : confirmed.subList(0, Math.min(top, confirmed.size()))) {
            out.add(new Entry("confirmed-" + (out.size() + 1), c.blockString(), false));
        }
        out.addAll(references);
        return out;
    }
}

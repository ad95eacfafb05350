package org.facenas.results.confirm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.facenas.records.CandidateResult;
import org.facenas.results.JsonLinesLog;
import org.facenas.results.Metric;
import org.facenas.results.stats.Bootstrap;
import org.facenas.results.stats.Estimate;
import org.facenas.results.stats.PairedDifference;
import org.facenas.results.stats.Sample;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;

/**
 * A run's confirmation, read from {@code RUN_DIR/confirm/records.jsonl} (written by {@code facenas confirm}, one line
 * per architecture x proxy x seed, in the bench records' format: key, label, blockString, proxyName, seed, result),
 * and what it shows: per architecture the mean and seed std of the run's quality score, and each candidate's paired
 * difference against each reference over the seeds both were trained with. The search's own records are never read
 * or written here.
 */
public final class Confirmation {

    /** The confirmation's folder inside a run directory. */
    public static final String DIR = "confirm";
    /** {@code facenas retrain}'s folder inside a run directory: full trainings at 112x112, in the same records format. */
    public static final String RETRAIN_DIR = "retrain";
    /** Its records, one line per finished training (the bench run directory's file name). */
    public static final String RECORDS = "records.jsonl";

    /** One recorded training. */
    public record Trial(String key, String label, String blockString, String proxy, long seed, CandidateResult result) {
    }

    /**
     * An architecture's confirmed score on one proxy.
     *
     * @param seeds  the seeds with a score
     * @param failed trainings that failed (NaN loss, out of memory): not in the mean
     * @param mean   NaN without a score
     * @param std    the sample std over seeds, NaN with fewer than two
     * @param bySeed the score of each seed in {@code seeds}
     */
    public record Row(String label, String blockString, boolean reference, double mflops, long params, List<Long> seeds,
                      int failed, double mean, double std, Map<Long, Double> bySeed) {
    }

    /**
     * A candidate minus a reference, paired by seed.
     *
     * @param pairs        the seeds both have a score for
     * @param excludesZero whether the bootstrap interval lies wholly above or below 0 (false without an interval)
     */
    public record Difference(String label, String reference, int pairs, Estimate difference, boolean excludesZero) {
    }

    /** What a confirmation on one proxy shows. */
    public record Report(String proxy, Metric score, List<Long> seeds, double level, List<Row> rows, List<Difference> differences) {
    }

    /** A block string's confirmed score on one proxy, over every seed recorded (what front and report show). */
    public record Score(String proxy, Metric score, double mean, Double std, int seeds) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Confirmation() {
    }

    public static Path records(Path runDir) {
        return runDir.resolve(DIR).resolve(RECORDS);
    }

    /** Every recorded training of the run's confirmation, a key's first OK one (else its last); none if never confirmed. */
    public static List<Trial> read(Path runDir) {
        return read(runDir, DIR);
    }

    /** Every training recorded in the run's {@code folder} ({@link #DIR} or {@link #RETRAIN_DIR}); none if there is none. */
    public static List<Trial> read(Path runDir, String folder) {
        Path file = runDir.resolve(folder).resolve(RECORDS);
        Map<String, Trial> out = new LinkedHashMap<>();
        for (JsonLinesLog.Line line : JsonLinesLog.readLines(file, JSON)) {
            JsonNode n = line.value();
            if (!n.hasNonNull("key") || !n.hasNonNull("result") || !n.hasNonNull("blockString")) {
                throw new IllegalArgumentException(file + " line " + line.number() + " lacks key, blockString or result: the file was "
                        + "edited or damaged; restore it or remove that line");
            }
            CandidateResult r;
            try {
                r = JSON.treeToValue(n.get("result"), CandidateResult.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(file + " line " + line.number() + ": unreadable result (" + e.getOriginalMessage()
                        + "); restore the file or remove that line");
            }
            // a key's first OK training counts, else its last: a FAILED one retried (--retry-failed) is followed by its new record
            out.merge(n.get("key").asText(), new Trial(n.get("key").asText(), n.path("label").asText(), n.get("blockString").asText(),
                    n.path("proxyName").asText(), n.path("seed").asLong(), r), (had, now) -> had.result().ok() ? had : now);
        }
        return List.copyOf(out.values());
    }

    /**
     * The confirmation of {@code archs} on {@code proxy} over {@code seeds}: a row per architecture (in the given
     * order), and a difference for every candidate against every reference, with a percentile bootstrap interval
     * over the paired seeds.
     */
    public static Report summarise(List<Trial> trials, Metric quality, String proxy, List<ConfirmSelection.Entry> archs,
                                   List<Long> seeds, Bootstrap bootstrap) {
        return summarise(trials, quality, r -> quality.scored(r) ? quality.value(r) : null, proxy, archs, seeds, bootstrap);
    }

    /**
     * As {@link #summarise(List, Metric, String, List, List, Bootstrap)}, each training scored by {@code score} (null: no
     * score, counted as failed), which reports {@code quality}: e.g. the accuracy on one of several verification sets.
     */
    public static Report summarise(List<Trial> trials, Metric quality, Function<CandidateResult, Double> score, String proxy,
                                   List<ConfirmSelection.Entry> archs, List<Long> seeds, Bootstrap bootstrap) {
        List<Row> rows = new ArrayList<>();
        for (ConfirmSelection.Entry a : archs) {
            Map<Long, Double> bySeed = new LinkedHashMap<>();
            int failed = 0;
            for (long seed : seeds) {
                Optional<Trial> t = trials.stream().filter(x -> x.proxy().equals(proxy) && x.blockString().equals(a.blockString())
                        && x.seed() == seed).findFirst();
                Double value = t.map(x -> score.apply(x.result())).orElse(null);
                if (value != null) {
                    bySeed.put(seed, value);
                } else if (t.isPresent()) {
                    failed++;
                }
            }
            double[] v = bySeed.values().stream().mapToDouble(Double::doubleValue).toArray();
            Cost cost = CostModel.of(Architecture.parse(a.blockString()));
            rows.add(new Row(a.label(), a.blockString(), a.reference(), cost.mflops(), cost.params(), List.copyOf(bySeed.keySet()), failed,
                    Sample.mean(v), Sample.std(v), bySeed));
        }
        List<Difference> differences = new ArrayList<>();
        for (Row c : rows) {
            if (c.reference()) {
                continue;
            }
            for (Row ref : rows) {
                if (ref.reference()) {
                    differences.add(difference(c, ref, bootstrap));
                }
            }
        }
        return new Report(proxy, quality, List.copyOf(seeds), bootstrap.level(), rows, differences);
    }

    static Difference difference(Row candidate, Row reference, Bootstrap bootstrap) {
        List<Long> paired = candidate.seeds().stream().filter(reference.bySeed()::containsKey).toList();
        if (paired.isEmpty()) {
            return new Difference(candidate.label(), reference.label(), 0, Estimate.pointOnly(Double.NaN), false);
        }
        double[] treatment = paired.stream().mapToDouble(candidate.bySeed()::get).toArray();
        double[] control = paired.stream().mapToDouble(reference.bySeed()::get).toArray();
        Estimate e = PairedDifference.mean(treatment, control, bootstrap);
        return new Difference(candidate.label(), reference.label(), paired.size(), e, e.hasInterval() && (e.lo() > 0 || e.hi() < 0));
    }

    /**
     * Everything the run's confirmation recorded, one report per proxy (in the order first recorded) over every
     * architecture and seed recorded on it; references as the run's config names them ({@link ConfirmSelection#references}).
     */
    public static List<Report> reports(Path runDir, org.facenas.results.SearchConfig config, Bootstrap bootstrap) {
        List<Trial> trials = read(runDir);
        List<String> referenceBlocks = ConfirmSelection.references(config).stream().map(ConfirmSelection.Entry::blockString).toList();
        List<Report> out = new ArrayList<>();
        for (String proxy : trials.stream().map(Trial::proxy).distinct().toList()) {
            List<Trial> mine = trials.stream().filter(t -> t.proxy().equals(proxy)).toList();
            Map<String, String> labels = labels(mine);
            Map<String, ConfirmSelection.Entry> archs = new LinkedHashMap<>();
            mine.forEach(t -> archs.putIfAbsent(t.blockString(), new ConfirmSelection.Entry(labels.get(t.blockString()), t.blockString(),
                    referenceBlocks.contains(t.blockString()))));
            List<Long> seeds = mine.stream().map(Trial::seed).distinct().sorted().toList();
            out.add(summarise(mine, config.qualityMetric(), proxy, List.copyOf(archs.values()), seeds, bootstrap));
        }
        return out;
    }

    /**
     * Each block string's label in a table of everything recorded: the label of its latest training. A front is
     * re-ranked when a search resumes, so two confirmations can each have called a different architecture
     * {@code front-1}: the most recently confirmed keeps the name, the others become {@code front-1 (earlier)},
     * {@code front-1 (earlier 2)}, and so on, newest first.
     */
    static Map<String, String> labels(List<Trial> trials) {
        Map<String, Integer> last = new LinkedHashMap<>();
        for (int i = 0; i < trials.size(); i++) {
            last.put(trials.get(i).blockString(), i);
        }
        List<String> newestFirst = new ArrayList<>(last.keySet());
        newestFirst.sort((a, b) -> Integer.compare(last.get(b), last.get(a)));
        Map<String, Integer> taken = new HashMap<>();
        Map<String, String> out = new LinkedHashMap<>();
        for (String bs : newestFirst) {
            String label = trials.get(last.get(bs)).label();
            int before = taken.merge(label, 1, Integer::sum) - 1;
            out.put(bs, before == 0 ? label : label + " (earlier" + (before == 1 ? "" : " " + before) + ")");
        }
        return out;
    }

    /**
     * Each confirmed block string's score per proxy, over every seed recorded for it (a later confirmation with more
     * seeds counts them all); empty when the run was never confirmed.
     */
    public static Map<String, List<Score>> scores(Path runDir, Metric quality) {
        Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
        for (Trial t : read(runDir)) {
            if (quality.scored(t.result())) {
                values.computeIfAbsent(t.blockString(), k -> new LinkedHashMap<>()).computeIfAbsent(t.proxy(), k -> new ArrayList<>())
                        .add(quality.value(t.result()));
            }
        }
        Map<String, List<Score>> out = new LinkedHashMap<>();
        values.forEach((bs, byProxy) -> out.put(bs, byProxy.entrySet().stream().map(e -> {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            return new Score(e.getKey(), quality, Sample.mean(v), v.length < 2 ? null : Sample.std(v), v.length);
        }).toList()));
        return out;
    }
}

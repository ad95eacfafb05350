package org.facenas.search.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.facenas.records.proxy.ZeroCostScore;
import org.facenas.results.stats.Bootstrap;
import org.facenas.search.bench.BenchRecord;
import org.facenas.search.bench.BenchRunDirectory;
import org.facenas.search.bench.BenchScore;
import org.facenas.search.predictor.ArchitectureFeatures;
import org.facenas.search.predictor.PredictorCrossValidation;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.cost.CostModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facenas bench predictor}: cross-validates the learned predictor of a proxy's score on a bench run's records
 * (nothing trains): tau of predicted against measured, against the number of architectures it was fitted on.
 */
@Command(name = "predictor", mixinStandardHelpOptions = true,
        description = "Cross-validate the architecture predictor on a bench run's records: Kendall tau / Spearman rho of "
                + "predicted vs measured score (bootstrap 90%% intervals) against the number of training points.")
public final class BenchPredictorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--records", required = true, description = "a bench run directory (the --out of bench proxy) holding records.jsonl")
    Path records;

    @Option(names = "--space", defaultValue = "mbf-space", description = "search space whose genes are the features (default ${DEFAULT-VALUE})")
    String space;

    @Option(names = "--proxy", defaultValue = "quick", description = "the proxy whose score is predicted (default ${DEFAULT-VALUE})")
    String proxy;

    @Option(names = "--score", defaultValue = "rocAuc", description = "rocAuc or accuracy, averaged over the recorded seeds (default ${DEFAULT-VALUE})")
    String score;

    @Option(names = "--zero-cost", description = "a zero-cost proxy in the same records whose scores join the features")
    String zeroCost;

    @Option(names = "--model", defaultValue = "forest", description = "predictor model: forest (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--sizes", split = ",", defaultValue = "20,40", description = "training points per fold; all is always added (default ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--folds", defaultValue = "10", description = "cross-validation folds (default ${DEFAULT-VALUE})")
    int folds;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the folds, the draws and the forests (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--resamples", defaultValue = "2000", description = "bootstrap resamples (default ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--json", description = "one JSON document on stdout instead of the table")
    boolean asJson;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.isRegularFile(records) ? records.toAbsolutePath().getParent() : records;
        if (!Files.isRegularFile(dir.resolve(BenchRunDirectory.RECORDS))) {
            throw new IllegalArgumentException("--records " + records + " holds no " + BenchRunDirectory.RECORDS + ": give the --out of a bench proxy run");
        }
        BenchScore target = switch (score.toLowerCase(Locale.ROOT)) {
            case "rocauc" -> BenchScore.ROC_AUC;
            case "accuracy" -> BenchScore.ACCURACY;
            default -> throw new IllegalArgumentException("--score " + score + ": use rocAuc or accuracy");
        };
        if (sizes.stream().anyMatch(s -> s < 1) || folds < 2) {
            throw new IllegalArgumentException("--sizes must be positive numbers of training points and --folds at least 2");
        }
        org.facenas.results.PredictorModel kind;
        try {
            kind = org.facenas.results.PredictorModel.parse(model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--model: " + e.getMessage());
        }
        ArchitectureCodec codec = ArchitectureCodec.of(SearchSpace.named(space));
        List<BenchRecord> all;
        try (BenchRunDirectory run = BenchRunDirectory.open(dir)) {
            all = run.records();
        }
        if (zeroCost != null && all.stream().noneMatch(r -> r.proxyName().equals(zeroCost) && r.zeroCost())) {
            throw new IllegalArgumentException("--zero-cost " + zeroCost + ": the records hold no zero-cost proxy of that name "
                    + "(run bench proxy --proxies " + zeroCost + ",... on them first)");
        }
        List<PredictorCrossValidation.Scored> scored = PredictorCrossValidation.scored(all, proxy, target, zeroCost);
        if (scored.isEmpty()) {
            throw new IllegalArgumentException("--proxy " + proxy + ": the records hold no OK " + target.field() + " of that proxy");
        }
        ArchitectureFeatures features = new ArchitectureFeatures(codec, zeroCost == null ? List.of() : List.of(ZeroCostScore.values()));
        List<Integer> withAll = new ArrayList<>(sizes.stream().distinct().sorted().toList());
        withAll.add(0);
        Bootstrap bootstrap = new Bootstrap(resamples, 0.90, Bootstrap.DEFAULT.seed());
        List<PredictorCrossValidation.Point> points = PredictorCrossValidation.run(scored, features, kind, withAll, folds, seed, bootstrap);
        // the baselines, on the same architectures (those the codec encodes)
        List<PredictorCrossValidation.Scored> inSpace = scored.stream()
                .filter(s -> features.of(s.architecture(), s.zeroCost()).isPresent()).toList();
        double[] measured = inSpace.stream().mapToDouble(PredictorCrossValidation.Scored::score).toArray();
        Map<String, Object> baselines = new LinkedHashMap<>();
        if (inSpace.size() >= 3) {
            baselines.put("mflops", bootstrap.kendall(inSpace.stream().mapToDouble(s -> CostModel.of(s.architecture()).mflops()).toArray(), measured));
            baselines.put("params", bootstrap.kendall(inSpace.stream().mapToDouble(s -> CostModel.of(s.architecture()).params()).toArray(), measured));
        }
        PrintWriter w = spec.commandLine().getOut();
        if (asJson) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("records", dir.toAbsolutePath().normalize().toString());
            doc.put("proxy", proxy);
            doc.put("score", target.field());
            doc.put("model", kind.key());
            doc.put("features", features.names());
            doc.put("architectures", scored.size());
            doc.put("inSpace", inSpace.size());
            doc.put("folds", folds);
            doc.put("bootstrap", bootstrap);
            doc.put("points", points);
            doc.put("baselineTau", baselines);
            w.println(new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).writeValueAsString(doc));
        } else {
            w.printf(Locale.ROOT, "predictor (%s, %d features%s) of %s %s, seed-averaged: %d architectures recorded, %d in space %s; %d folds%n",
                    kind.key(), features.names().size(), zeroCost == null ? "" : ", zero-cost from " + zeroCost, proxy, target.label(),
                    scored.size(), inSpace.size(), space, folds);
            w.printf(Locale.ROOT, "%-6s %9s %5s %-24s %-24s%n", "size", "trained on", "archs", "Kendall tau [90%]", "Spearman rho [90%]");
            for (PredictorCrossValidation.Point p : points) {
                if (p.whyNot() != null) {
                    w.printf(Locale.ROOT, "%-6s %9s %5d n/a: %s%n", p.size(), "-", p.archs(), p.whyNot());
                } else {
                    w.printf(Locale.ROOT, "%-6s %9d %5d %-24s %-24s%n", p.size(), p.trainingPoints(), p.archs(), p.tau().format(2), p.rho().format(2));
                }
            }
            baselines.forEach((k, v) -> w.printf(Locale.ROOT, "baseline %s alone: Kendall tau %s%n", k,
                    ((org.facenas.results.stats.Estimate) v).format(2)));
        }
        w.flush();
        return 0;
    }
}

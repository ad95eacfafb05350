package org.facenas.evaluator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facenas.cli.StdoutReservation;
import org.facenas.evaluator.bench.ScoringThroughput;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.zoo.Zoo;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facenas bench score}: how fast the held-out images are embedded for scoring, DL4J next to ONNX Runtime. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Scoring img/s (the trained embedder over the held-out images) in DL4J and in ONNX Runtime, side by side, "
                + "at each proxy's input size, with the largest output difference relative to DL4J's.")
public final class BenchScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", defaultValue = "mobilefacenet-512",
            description = "zoo name or block string; repeat for several (default ${DEFAULT-VALUE})")
    List<String> archs;

    @Option(names = "--proxies", split = ",", defaultValue = "screen,quick,standard",
            description = "proxy presets whose input size is measured (default ${DEFAULT-VALUE})")
    List<String> proxies;

    @Option(names = "--images", defaultValue = "2716",
            description = "images per pass (default ${DEFAULT-VALUE}: celeba112's 1,358 DevTest images and their mirrors)")
    int images;

    @Option(names = "--repeats", defaultValue = "2", description = "passes per engine, the fastest kept (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--json", description = "print one JSON document instead of the table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (images < 1 || repeats < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--images and --repeats must be at least 1");
        }
        List<ProxySettings> settings = proxies.stream().map(ProxySettings::preset).toList();
        int threads = Nd4j.getEnvironment().maxThreads();
        PrintWriter out = spec.commandLine().getOut();
        List<ScoringThroughput.Row> rows = new ArrayList<>();
        try (StdoutReservation reserved = StdoutReservation.begin()) {
            if (!json) {
                out.printf(Locale.ROOT, "%d images per pass, %d threads, fastest of %d passes; ONNX Runtime includes the export%n",
                        images, threads, repeats);
                out.printf(Locale.ROOT, "%-20s %6s %-13s %9s %9s %8s %10s%n", "architecture", "input", "engine", "seconds", "img/s",
                        "ratio", "rel. diff");
            }
            for (String arch : archs) {
                String label = Zoo.nameOf(Zoo.resolve(arch)).orElse(arch);
                for (int p = 0; p < settings.size(); p++) {
                    for (ScoringThroughput.Row r : ScoringThroughput.measure(label, Zoo.resolve(arch), settings.get(p).inputSize(),
                            images, threads, repeats)) {
                        rows.add(r);
                        if (!json) {
                            out.printf(Locale.ROOT, "%-20s %6s %-13s %9.2f %9.1f %7.1fx %10.1e%n", label.length() > 20 ? label.substring(0, 20) : label,
                                    r.inputSize() + "px", r.engine(), r.seconds(), r.imagesPerSecond(), r.ratioToDl4j(), r.maxRelativeDifference());
                            out.flush();
                        }
                    }
                }
            }
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        }
        return 0;
    }
}

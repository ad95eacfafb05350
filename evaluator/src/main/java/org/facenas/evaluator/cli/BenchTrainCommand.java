package org.facenas.evaluator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.facenas.cli.StdoutReservation;
import org.facenas.evaluator.bench.StepProfile;
import org.facenas.evaluator.bench.TrainThroughput;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facenas bench train}: training throughput, DL4J plain vs with the oneDNN fixes, next to PyTorch. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training img/s and GFLOP/s (6 x forward MACs x img/s) at 112x112 and at each proxy's setting, "
                + "next to PyTorch; --profile: where a training step's time goes.")
public final class BenchTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", defaultValue = "mobilefacenet", description = "zoo name or block string (default ${DEFAULT-VALUE})")
    String arch;

    @Option(names = "--seconds", defaultValue = "20", description = "timed seconds per measurement (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup", defaultValue = "10", description = "untimed seconds of training before each DL4J "
            + "measurement and profile, for the JIT (default ${DEFAULT-VALUE}; the PyTorch peer needs none)")
    double warmup;

    @Option(names = "--peer", description = "PyTorch peer script (default: ../shared/peer/torch_mbf_train.py, run when torch is installed)")
    Path peer;

    @Option(names = "--only-proxies", description = "skip the 112x112 settings")
    boolean onlyProxies;

    @Option(names = "--settings", split = ",", description = "only these settings: 112b32, 112b64 and proxy names (default: all; "
            + "with --profile: quick, 112b64)")
    List<String> only;

    @Option(names = "--no-plain", description = "skip DL4J without oneDNN helpers")
    boolean noPlain;

    @Option(names = "--json", description = "print one JSON document instead of the table")
    boolean json;

    @Option(names = "--profile", description = "instead of throughput: the share of a step per layer kind and per native op, "
            + "at the quick proxy's setting and at 112x112 b64")
    boolean profile;

    @Option(names = "--steps", defaultValue = "10", description = "steps per profile view (default ${DEFAULT-VALUE})")
    int steps;

    /** One setting's figures; img/s null where a side failed or did not run. */
    public record Row(String setting, int inputSize, int batch, Double dl4jPlainImagesPerSecond, Double dl4jImagesPerSecond,
                      Double dl4jGflopsPerSecond, Double pytorchImagesPerSecond, Double ratio) {
    }

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || seconds <= 0 || warmup < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--steps and --seconds must be positive, --warmup not negative");
        }
        Architecture a = Zoo.resolve(arch);
        PrintWriter out = spec.commandLine().getOut();
        // SameDiff (a KD output) announces every op it differentiates on System.out: stdout is the result's
        try (StdoutReservation reserved = StdoutReservation.begin()) {
            return profile ? profile(a, out) : throughput(a, out);
        }
    }

    private Map<String, int[]> settings(boolean forProfile) {
        Map<String, int[]> settings = new LinkedHashMap<>();
        ProxySettings quick = ProxySettings.preset("quick");
        if (forProfile) {
            settings.put("proxy quick", new int[] {quick.inputSize(), quick.batchSize()});
            settings.put("112x112 b64", new int[] {112, 64});
            return only == null ? settings : chosen(settings, "quick, 112b64");
        }
        if (!onlyProxies || only != null) {
            settings.put("112x112 b32", new int[] {112, 32});
            settings.put("112x112 b64", new int[] {112, 64});
        }
        ProxySettings.presets().forEach((name, p) -> settings.put("proxy " + name, new int[] {p.inputSize(), p.batchSize()}));
        return only == null ? settings
                : chosen(settings, "112b32, 112b64, " + String.join(", ", ProxySettings.presets().keySet()));
    }

    /** The settings --settings names, in its order; an unknown name is a usage error listing {@code known}. */
    private Map<String, int[]> chosen(Map<String, int[]> settings, String known) {
        Map<String, int[]> chosen = new LinkedHashMap<>();
        for (String key : only) {
            String name = key.matches("112b\\d+") ? "112x112 b" + key.substring(4) : "proxy " + key;
            if (!settings.containsKey(name)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown setting '" + key + "'"
                        + (profile ? " for --profile" : "") + ": use " + known);
            }
            chosen.put(name, settings.get(name));
        }
        return chosen;
    }

    private int profile(Architecture a, PrintWriter out) throws Exception {
        List<StepProfile.Profile> profiles = new ArrayList<>();
        for (Map.Entry<String, int[]> s : settings(true).entrySet()) {
            profiles.add(StepProfile.measure(a, s.getValue()[0], s.getValue()[1], steps, warmup, s.getKey()));
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(profiles));
            out.flush();
            return 0;
        }
        out.printf(Locale.ROOT, "%s: OMP_NUM_THREADS=%s, %d steps per view%n", Zoo.nameOf(a).orElse(a.blockString()),
                System.getenv("OMP_NUM_THREADS"), steps);
        for (StepProfile.Profile p : profiles) {
            double total = Math.max(p.stepMs(), p.kinds().stream().mapToDouble(StepProfile.KindTime::totalMs).sum());
            out.printf(Locale.ROOT, "%n%s (%dx%d b%d): fit step %.1f ms (%.1f img/s); vertex-by-vertex replay %.1f ms%n",
                    p.setting(), p.inputSize(), p.inputSize(), p.batch(), p.stepMs(), 1000.0 * p.batch() / p.stepMs(), p.replayMs());
            out.printf(Locale.ROOT, "  %-14s %8s %10s %10s %7s%n", "layer kind", "vertices", "fwd ms", "bwd ms", "share");
            for (StepProfile.KindTime k : p.kinds()) {
                out.printf(Locale.ROOT, "  %-14s %8s %10.2f %10.2f %6.1f%%%n", k.kind().label(), k.vertices() == 0 ? "" : k.vertices(),
                        k.forwardMs(), k.backwardMs(), 100 * k.totalMs() / total);
            }
            out.printf(Locale.ROOT, "  native ops (profiled fit steps, %.1f ms of ops per step):%n", p.opMsPerStep());
            out.printf(Locale.ROOT, "  %-40s %10s %7s%n", "op", "ms/step", "share");
            p.ops().stream().limit(20).forEach(o -> out.printf(Locale.ROOT, "  %-40s %10.2f %6.1f%%%n", o.op(), o.msPerStep(),
                    100 * o.msPerStep() / p.opMsPerStep()));
            out.flush();
        }
        out.println("\nshare of layer kinds: of the fit step (framework = fit step - timed parts); of native ops: of all op time");
        out.flush();
        return 0;
    }

    private int throughput(Architecture a, PrintWriter out) throws Exception {
        Map<String, int[]> settings = settings(false);
        if (!json) {
            out.printf(Locale.ROOT, "%s: %d threads (OMP_NUM_THREADS=%s), %.0f s per measurement after %.0f s of warm-up%n",
                    Zoo.nameOf(a).orElse(a.blockString()), Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"),
                    seconds, warmup);
            out.printf(Locale.ROOT, "%-16s %6s %6s | %14s %14s | %8s | %14s %7s%n", "setting", "input", "batch", "DL4J plain",
                    "DL4J oneDNN", "speedup", "PyTorch", "ratio");
            out.flush();
        }
        Path script = peer != null ? peer : Path.of("..", "shared", "peer", "torch_mbf_train.py");
        boolean torch = Zoo.nameOf(a).filter("mobilefacenet"::equals).isPresent() && Files.exists(script) && torchInstalled();
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, int[]> s : settings.entrySet()) {
            int res = s.getValue()[0];
            int batch = s.getValue()[1];
            TrainThroughput.Measurement plain = noPlain ? null : measureOrNull(a, res, batch, false, s.getKey());
            TrainThroughput.Measurement fast = measureOrNull(a, res, batch, true, s.getKey());
            Double peerIps = torch ? torchImagesPerSecond(script, res, batch) : null;
            Row row = new Row(s.getKey(), res, batch, plain == null ? null : plain.imagesPerSecond(),
                    fast == null ? null : fast.imagesPerSecond(), fast == null ? null : fast.gflopsPerSecond(), peerIps,
                    peerIps == null || fast == null ? null : fast.imagesPerSecond() / peerIps);
            rows.add(row);
            if (!json) {
                out.printf(Locale.ROOT, "%-16s %6d %6d | %s %s | %8s | %s %s%n", s.getKey(), res, batch,
                        noPlain ? String.format(Locale.ROOT, "%14s", "-") : cell(plain), cell(fast),
                        plain == null || fast == null ? "-" : String.format(Locale.ROOT, "%7.2fx", fast.imagesPerSecond() / plain.imagesPerSecond()),
                        peerIps == null ? "     (no torch)" : String.format(Locale.ROOT, "%6.1f img/s  ", peerIps),
                        row.ratio() == null ? "" : String.format(Locale.ROOT, "%5.2f", row.ratio()));
                out.flush();
            }
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("arch", Zoo.nameOf(a).orElse(a.blockString()));
            doc.put("ompNumThreads", System.getenv("OMP_NUM_THREADS"));
            doc.put("secondsPerMeasurement", seconds);
            doc.put("warmupSeconds", warmup);
            doc.put("settings", rows);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } else {
            out.println("img/s (achieved GFLOP/s); ratio = DL4J oneDNN / PyTorch, measured in this run");
        }
        out.flush();
        return 0;
    }

    private TrainThroughput.Measurement measureOrNull(Architecture a, int res, int batch, boolean oneDnn, String name) {
        try {
            return TrainThroughput.measure(a, res, batch, oneDnn, seconds, warmup, name);
        } catch (RuntimeException e) {
            System.err.printf(Locale.ROOT, "%s %s failed: %s%n", name, oneDnn ? "oneDNN" : "plain", e.getMessage());
            return null;
        }
    }

    private static String cell(TrainThroughput.Measurement m) {
        return m == null ? String.format(Locale.ROOT, "%14s", "failed")
                : String.format(Locale.ROOT, "%6.1f (%5.1fG)", m.imagesPerSecond(), m.gflopsPerSecond());
    }

    private static boolean torchInstalled() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static Double torchImagesPerSecond(Path script, int res, int batch) throws Exception {
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", String.valueOf(Runtime.getRuntime().availableProcessors()));
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(res), String.valueOf(batch), "1.0", threads)
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            r.lines().forEach(lines::add);
        }
        p.waitFor();
        for (String l : lines) {
            int i = l.indexOf(" img/s");
            if (l.contains("train") && i > 0) {
                String[] f = l.substring(0, i).trim().split("\\s+");
                return Double.parseDouble(f[f.length - 1]);
            }
        }
        return null;
    }
}

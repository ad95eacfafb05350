package org.facenas.evaluator.cli;

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
import org.facenas.evaluator.bench.TrainThroughput;
import org.facenas.evaluator.train.ProxySettings;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facenas bench train}: training throughput, DL4J plain vs with the oneDNN fixes, next to PyTorch. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print figures.",
        subcommands = {BenchCommand.Train.class, BenchKdCommand.class, BenchLatencyCommand.class})
public final class BenchCommand {

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training img/s and GFLOP/s (6 x forward MACs x img/s) at 112x112 and at each proxy's setting.")
    static final class Train implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--arch", defaultValue = "mobilefacenet", description = "zoo name or block string (default ${DEFAULT-VALUE})")
        String arch;

        @Option(names = "--seconds", defaultValue = "20", description = "timed seconds per measurement (default ${DEFAULT-VALUE})")
        double seconds;

        @Option(names = "--peer", description = "PyTorch peer script (default: ../shared/peer/torch_mbf_train.py, run when torch is installed)")
        Path peer;

        @Option(names = "--only-proxies", description = "skip the 112x112 settings")
        boolean onlyProxies;

        @Override
        public Integer call() throws Exception {
            Architecture a = Zoo.resolve(arch);
            Map<String, int[]> settings = new LinkedHashMap<>();
            if (!onlyProxies) {
                settings.put("112x112 b32", new int[] {112, 32});
                settings.put("112x112 b64", new int[] {112, 64});
            }
            ProxySettings.presets().forEach((name, p) -> settings.put("proxy " + name, new int[] {p.inputSize(), p.batchSize()}));
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s: %d threads (OMP_NUM_THREADS=%s), %.0f s per measurement%n", Zoo.nameOf(a).orElse(a.blockString()),
                    Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"), seconds);
            out.printf(Locale.ROOT, "%-16s %6s %6s | %14s %14s | %8s | %14s %7s%n", "setting", "input", "batch", "DL4J plain",
                    "DL4J oneDNN", "speedup", "PyTorch", "ratio");
            out.flush();
            Path script = peer != null ? peer : Path.of("..", "shared", "peer", "torch_mbf_train.py");
            boolean torch = Zoo.nameOf(a).filter("mobilefacenet"::equals).isPresent() && Files.exists(script) && torchInstalled();
            for (Map.Entry<String, int[]> s : settings.entrySet()) {
                int res = s.getValue()[0];
                int batch = s.getValue()[1];
                TrainThroughput.Measurement plain = measureOrNull(out, a, res, batch, false, s.getKey());
                TrainThroughput.Measurement fast = measureOrNull(out, a, res, batch, true, s.getKey());
                Double peerIps = torch ? torchImagesPerSecond(script, res, batch) : null;
                out.printf(Locale.ROOT, "%-16s %6d %6d | %s %s | %8s | %s %s%n", s.getKey(), res, batch, cell(plain), cell(fast),
                        plain == null || fast == null ? "-" : String.format(Locale.ROOT, "%7.2fx", fast.imagesPerSecond() / plain.imagesPerSecond()),
                        peerIps == null ? "     (no torch)" : String.format(Locale.ROOT, "%6.1f img/s  ", peerIps),
                        peerIps == null || fast == null ? "" : String.format(Locale.ROOT, "%5.2f", fast.imagesPerSecond() / peerIps));
                out.flush();
            }
            out.println("img/s (achieved GFLOP/s); ratio = DL4J oneDNN / PyTorch, measured in this run");
            out.flush();
            return 0;
        }

        private TrainThroughput.Measurement measureOrNull(PrintWriter out, Architecture a, int res, int batch, boolean oneDnn, String name) {
            try {
                return TrainThroughput.measure(a, res, batch, oneDnn, seconds, name);
            } catch (RuntimeException e) {
                out.printf(Locale.ROOT, "%s %s failed: %s%n", name, oneDnn ? "oneDNN" : "plain", e.getMessage());
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
}

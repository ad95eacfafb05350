package org.facenas.evaluator.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facenas.evaluator.onnx.OnnxLatencyProbe;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code facenas bench latency}: ONNX Runtime batch-1 latency of every zoo model next to its analytical MACs. */
@Command(name = "latency", mixinStandardHelpOptions = true, description = "Deployed (ONNX Runtime, 112x112, batch 1, one thread) latency of the zoo.")
public final class BenchLatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", defaultValue = "100", description = "timed runs per model (default ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-20s %10s %9s %11s %14s%n", "model", "params", "MMACs", "median ms", "GMAC/s");
        for (String name : Zoo.names()) {
            Architecture a = Zoo.get(name);
            Cost c = CostModel.of(a);
            double ms = OnnxLatencyProbe.ofRuns(runs).medianMillis(a);
            out.printf(Locale.ROOT, "%-20s %,10d %9.1f %11.2f %14.1f%n", name, c.params(), c.macs() / 1e6, ms, c.macs() / 1e6 / ms);
            out.flush();
        }
        return 0;
    }
}

package org.facenas.searchspace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.budget.Budget;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.cost.StageCost;
import org.facenas.searchspace.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code facenas arch list|show}: the zoo and the analytical cost of any architecture. */
@Command(name = "arch", description = "Reference architectures and their analytical costs.",
        subcommands = {ArchCommand.ListZoo.class, ArchCommand.Show.class}, mixinStandardHelpOptions = true)
public final class ArchCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The reference zoo with params, MACs, MFLOPs and the budgets each fits.")
    static final class ListZoo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--input", defaultValue = "112", description = "input size in pixels (default ${DEFAULT-VALUE})")
        int input;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%-18s %11s %9s %9s %8s  %-30s %s%n", "name", "params", "MMACs", "MFLOPs", "MB",
                    "fits", "block string");
            for (String name : Zoo.names()) {
                Architecture a = Zoo.get(name);
                Cost c = CostModel.of(a, input);
                List<String> fits = new ArrayList<>();
                Budget.presets().values().stream().filter(b -> !b.name().equals("none") && b.allows(a, c))
                        .forEach(b -> fits.add(b.name()));
                out.printf(Locale.ROOT, "%-18s %,11d %9.1f %9.1f %8.2f  %-30s %s%n", name, c.params(), c.mmacs(),
                        c.mflops(), c.megabytes(), fits.isEmpty() ? "-" : String.join(",", fits), a.blockString());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Per-stage table (block, output shape, params, MACs) and totals.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME|BLOCKSTRING", description = "a zoo name or a block string")
        String arch;

        @Option(names = "--input", defaultValue = "112", description = "input size in pixels (default ${DEFAULT-VALUE})")
        int input;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Architecture a = Zoo.resolve(arch);
            Cost c = CostModel.of(a, input);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(a, c)));
            } else {
                printTable(out, a, c);
            }
            out.flush();
            return 0;
        }

        private static void printTable(PrintWriter out, Architecture a, Cost c) {
            out.println(Zoo.nameOf(a).map(n -> n + "  ").orElse("") + a.blockString());
            out.printf(Locale.ROOT, "input 3x%dx%d%n", c.inputSize(), c.inputSize());
            out.printf(Locale.ROOT, "%-8s %-32s %-12s %12s %10s%n", "part", "block", "output", "params", "MMACs");
            for (StageCost s : c.stages()) {
                out.printf(Locale.ROOT, "%-8s %-32s %-12s %,12d %10.2f%n", s.stage(), s.block(), s.output(), s.params(),
                        s.macs() / 1e6);
            }
            out.printf(Locale.ROOT, "%-8s %-32s %-12s %,12d %10.2f%n", "total", "", "", c.params(), c.mmacs());
            out.printf(Locale.ROOT, "MACs %,d  FLOPs %,d (2 x MACs) = %.1f MFLOPs  size %.2f MB fp32  peak activations %.2f MB%n",
                    c.macs(), c.flops(), c.mflops(), c.megabytes(), c.peakActivationBytes() / 1e6);
        }
    }

    /** The JSON form of an architecture's cost; field names are part of the CLI's contract. */
    public static Map<String, Object> toJson(Architecture a, Cost c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", Zoo.nameOf(a).orElse(null));
        m.put("blockString", a.blockString());
        m.put("inputSize", c.inputSize());
        m.put("params", c.params());
        m.put("macs", c.macs());
        m.put("flops", c.flops());
        m.put("mflops", c.mflops());
        m.put("sizeBytes", c.sizeBytes());
        m.put("peakActivationBytes", c.peakActivationBytes());
        m.put("embeddingSize", a.embeddingSize());
        List<Map<String, Object>> stages = new ArrayList<>();
        for (StageCost s : c.stages()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("stage", s.stage());
            sm.put("block", s.block());
            sm.put("output", List.of(s.output().channels(), s.output().height(), s.output().width()));
            sm.put("params", s.params());
            sm.put("macs", s.macs());
            stages.add(sm);
        }
        m.put("stages", stages);
        return m;
    }
}

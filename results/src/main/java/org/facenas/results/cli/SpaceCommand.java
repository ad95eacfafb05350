package org.facenas.results.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.facenas.results.SearchConfig;
import org.facenas.results.SpaceSummary;
import org.facenas.searchspace.budget.Budget;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.codec.SpaceBounds;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code facenas space show}: what a search space holds, before a search spends anything on it. */
@Command(name = "space", description = "Search spaces: shipped ones (mbf-local, mbf-space) or YAML files.",
        subcommands = {SpaceCommand.Show.class}, mixinStandardHelpOptions = true)
public final class SpaceCommand {

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Size, exact smallest and largest members, "
            + "the share of members a budget admits (sampled) and which zoo architectures the space holds.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|FILE",
                description = "a shipped space or a YAML space file (with --config: the config's space)")
        String space;

        @ArgGroup(exclusive = true)
        BudgetSource budgetSource;

        static final class BudgetSource {
            @Option(names = "--budget", paramLabel = "B", description = "a budget preset (lfr-light, pocketnet-s, "
                    + "efar-compact, none) or limits, e.g. maxMflops=442,maxParams=1e6")
            String budget;

            @Option(names = "--config", paramLabel = "C", description = "a search config: its space and budget")
            Path config;
        }

        @Option(names = "--samples", defaultValue = "2000", description = "members drawn to estimate the budget's share (default ${DEFAULT-VALUE})")
        int samples;

        @Option(names = "--seed", defaultValue = "1", description = "seed of the draws (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @Override
        public Integer call() throws Exception {
            SearchSpace s;
            Budget budget = null;
            if (budgetSource != null && budgetSource.config != null) {
                SearchConfig c = SearchConfig.load(budgetSource.config);
                if (space != null) {
                    throw new IllegalArgumentException("give a space or --config, not both: --config shows the config's space");
                }
                s = SearchSpace.named(c.space());
                budget = c.resolvedBudget();
            } else {
                if (space == null) {
                    throw new IllegalArgumentException("give a space: a shipped one (" + String.join(", ", SearchSpace.SHIPPED)
                            + "), a YAML space file, or --config C");
                }
                s = SearchSpace.named(space);
                budget = budgetSource == null ? null : parseBudget(budgetSource.budget);
            }
            SpaceSummary summary = SpaceSummary.of(s, budget, samples, seed);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary.toJson()));
            } else {
                print(out, summary);
            }
            out.flush();
            return 0;
        }
    }

    /** A preset name, or {@code key=value} limits with the config's budget keys. */
    static Budget parseBudget(String text) {
        if (!text.contains("=")) {
            return Budget.preset(text.trim());
        }
        Double mflops = null;
        Double params = null;
        Double megabytes = null;
        Integer embedding = null;
        for (String part : text.split(",")) {
            String[] kv = part.split("=", 2);
            String key = kv[0].trim();
            double v;
            try {
                v = Double.parseDouble(kv.length < 2 ? "" : kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--budget " + part.trim() + ": the value must be a number, e.g. maxMflops=442");
            }
            switch (key) {
                case "maxMflops" -> mflops = v;
                case "maxParams" -> params = v;
                case "maxMegabytes" -> megabytes = v;
                case "embeddingSize" -> embedding = (int) v;
                default -> throw new IllegalArgumentException("--budget: unknown limit '" + key
                        + "'; use maxMflops, maxParams, maxMegabytes, embeddingSize (or a preset name)");
            }
        }
        return new SearchConfig.BudgetConfig(null, mflops, params, megabytes, embedding).resolve();
    }

    static void print(PrintWriter out, SpaceSummary s) {
        out.printf(Locale.ROOT, "space %s: %d stages, %d genes, %s architectures (10^%.2f; %s genotypes)%n",
                s.space().name(), s.space().stages().size(), s.genes(), scientific(s.architectures().doubleValue()),
                s.log10Architectures(), scientific(s.genotypes().doubleValue()));
        out.printf(Locale.ROOT, "%-14s %12s %10s  %s%n", "exact extreme", "params", "MFLOPs", "member");
        row(out, "fewest params", s.bounds().fewestParams());
        row(out, "most params", s.bounds().mostParams());
        row(out, "fewest MFLOPs", s.bounds().fewestMflops());
        row(out, "most MFLOPs", s.bounds().mostMflops());
        if (s.fitting() != null) {
            double[] est = s.estimatedFitting();
            out.printf(Locale.ROOT, "budget %s: %d of %d sampled members fit, %s (%.0f%% Clopper-Pearson): about %s members [%s, %s]%n",
                    s.budget(), s.fitting().successes(), s.fitting().trials(), s.fitting().formatPercent(1),
                    100 * s.fitting().level(), scientific(est[0]), scientific(est[1]), scientific(est[2]));
        }
        out.printf(Locale.ROOT, "%-18s %-4s %s%n", "zoo", "in", "genotype (choice per gene), or the first gene that does not fit");
        for (SpaceSummary.ZooMember z : s.zoo()) {
            out.printf(Locale.ROOT, "%-18s %-4s %s%n", z.name(), z.inSpace() ? "yes" : "no", z.inSpace()
                    ? Arrays.stream(z.genotype()).mapToObj(Integer::toString).collect(Collectors.joining(" ", "[", "]"))
                    : z.reason());
        }
    }

    private static void row(PrintWriter out, String what, SpaceBounds.Extreme e) {
        out.printf(Locale.ROOT, "%-14s %,12d %10.1f  %s%n", what, e.cost().params(), e.cost().mflops(), e.architecture());
    }

    private static String scientific(double v) {
        return v < 1e6 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2e", v);
    }
}

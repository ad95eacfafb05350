package org.facenas.data.cli;

import org.facenas.cli.Outputs;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.facenas.data.align.FaceAligner;
import org.facenas.data.align.FaceChoice;
import org.facenas.data.cfp.CfpFaceAligner;
import org.facenas.data.cfp.CfpImporter;
import org.facenas.data.cfp.CfpSet;
import org.facenas.data.cfp.CfpView;
import org.facenas.data.cfp.FaceOrigin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facenas data import --format cfp}: a raw verification benchmark to aligned InsightFace .bin sets. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a raw verification benchmark as aligned 112x112 InsightFace .bin sets.",
                "cfp: the raw CFP folder (Data/, Protocol/) -> OUT/cfp_ff.bin and OUT/cfp_fp.bin (7,000 protocol pairs each, in fold order),",
                "OUT/cfp_*_pairs.tsv, OUT/" + CfpImporter.REPORT + " (how each photo was aligned) and OUT/" + CfpImporter.SUMMARY + "."})
public final class ImportCommand extends DataSubcommand {

    /** The benchmark layouts {@code import} reads. */
    enum Format { CFP }

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "layout of --data: cfp")
    String format;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "the raw benchmark folder (for cfp: holds Data/ and Protocol/)")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the .bin sets and reports")
    Path out;

    @Mixin
    Outputs outputs;

    @Mixin
    AlignerOptions aligner;

    @Option(names = "--no-detector", description = "align every face from the dataset's own landmarks, without the detector (with it, a face "
            + "scoring below --min-score falls back to them)")
    boolean noDetector;

    @Override
    int run() throws Exception {
        Format f;
        try {
            f = Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format " + format + " is not an import format; use cfp");
        }
        return switch (f) {
            case CFP -> importCfp();
        };
    }

    private int importCfp() throws Exception {
        requireFolder(data, "--data", "the raw CFP folder (it holds Data/ and Protocol/)");
        int n = aligner.threads();
        float minScore = aligner.minScore();
        Outputs.notInto("--out", out, "--data", data);
        // only the files the import writes count: --out may hold other sets beside them
        CfpImporter.outputs(out).forEach(f -> outputs.file("--out", f));
        if (!noDetector) {
            aligner.requireModels(", or --no-detector");
        }
        PrintStream progress = new PrintStream(System.err, true);
        CfpImporter.Summary s;
        if (noDetector) {
            s = new CfpImporter(new CfpFaceAligner(null, minScore), n, progress).run(data, out);
        } else {
            try (FaceAligner models = aligner.load(FaceChoice.MOST_CONFIDENT)) {
                s = new CfpImporter(new CfpFaceAligner(models, minScore), n, progress).run(data, out);
            }
        }
        if (!s.failures().isEmpty()) {
            s.failures().forEach(line -> err().println("error: " + line));
            err().flush();
            throw new IllegalArgumentException(s.failures().size() + " photos could not be aligned (first: " + s.failures().get(0)
                    + "); no .bin written, every photo is listed in " + out.resolve(CfpImporter.REPORT));
        }
        for (CfpSet set : CfpSet.values()) {
            out().printf(Locale.ROOT, "%s: %d pairs%n", out.resolve(set.binName()), s.pairs().get(set));
        }
        int total = s.origins().values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).sum()).sum();
        out().printf(Locale.ROOT, "%d faces aligned in %.0f s: %d from the detector, %d from the dataset's landmarks (%s)%n", total,
                s.seconds(), s.count(FaceOrigin.DETECTOR), s.fromLandmarks(), breakdown(s.origins()));
        out().flush();
        return ExitCodes.OK;
    }

    private static String breakdown(Map<CfpView, Map<FaceOrigin, Integer>> origins) {
        return origins.entrySet().stream().map(v -> v.getKey().folder() + ": " + v.getValue().entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue()).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }
}

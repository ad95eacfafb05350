package org.facenas.data.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.facenas.data.align.AlignmentSummary;
import org.facenas.data.align.DatasetAligner;
import org.facenas.data.align.FaceAligner;
import org.facenas.data.align.FaceChoice;
import org.facenas.cli.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facenas data align}: photos in identity folders -> 112x112 ArcFace-aligned dataset. */
@Command(name = "align", mixinStandardHelpOptions = true,
        description = {"Detect, landmark and warp every photo of RAW_DIR/IDENTITY/* to 112x112 (ArcFace template).",
                "Writes OUT/images/ID/ID_NNNN.jpg and OUT/align_report.tsv (one row per photo: score, landmarks or skip reason)."})
public final class AlignCommand extends DataSubcommand {

    @Option(names = "--data", required = true, paramLabel = "RAW_DIR", description = "folder of identity folders (or RAW_DIR/images/IDENTITY)")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output dataset folder")
    Path out;

    @Mixin
    Outputs outputs;

    @Mixin
    AlignerOptions aligner;

    @Option(names = "--most-central", description = "keep the face nearest the image centre instead of the most confident one")
    boolean mostCentral;

    @Override
    int run() throws Exception {
        requireFolder(in, "--data", "a folder holding one sub-folder of photos per identity");
        aligner.requireModels("");
        Outputs.notInto("--out", out, "--data", in);
        outputs.folder("--out", out);
        int n = aligner.threads();
        aligner.minScore(); // checked before the models load
        try (FaceAligner models = aligner.load(mostCentral ? FaceChoice.MOST_CENTRAL : FaceChoice.MOST_CONFIDENT)) {
            AlignmentSummary s = DatasetAligner.using(models, n, new PrintStream(System.err, true)).run(in, out);
            out().printf(Locale.ROOT, "aligned %d of %d photos in %.1f s (%.1f photos/s); outcomes %s; report %s%n",
                    s.aligned(), s.photos(), s.seconds(), s.photosPerSecond(), s.counts(), s.report());
        }
        return ExitCodes.OK;
    }
}

package org.facenas.data.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.facenas.data.align.AlignmentSummary;
import org.facenas.data.align.DatasetAligner;
import org.facenas.data.align.FaceAligner;
import org.facenas.data.align.FaceChoice;
import org.facenas.searchspace.cli.Outputs;
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

    @Option(names = "--detector", paramLabel = "FILE", description = "fr_detect.onnx (default: ${DEFAULT-VALUE})",
            defaultValue = "../shared/models/faceplugin/fr_detect.onnx")
    Path detector;

    @Option(names = "--landmarks", paramLabel = "FILE", description = "fr_landmark.onnx (default: ${DEFAULT-VALUE})",
            defaultValue = "../shared/models/faceplugin/fr_landmark.onnx")
    Path landmarks;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: available cores)")
    Integer threads;

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.9", description = "minimum detector score (default: ${DEFAULT-VALUE})")
    float minScore;

    @Option(names = "--most-central", description = "keep the face nearest the image centre instead of the most confident one")
    boolean mostCentral;

    @Override
    int run() throws Exception {
        requireFolder(in, "--data", "a folder holding one sub-folder of photos per identity");
        requireFile(detector, "--detector", "the path of fr_detect.onnx");
        requireFile(landmarks, "--landmarks", "the path of fr_landmark.onnx");
        Outputs.notInto("--out", out, "--data", in);
        outputs.folder("--out", out);
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + n);
        }
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("--min-score must be between 0 and 1, got " + minScore);
        }
        try (FaceAligner aligner = load()) {
            AlignmentSummary s = DatasetAligner.using(aligner, n, new PrintStream(System.err, true)).run(in, out);
            out().printf(Locale.ROOT, "aligned %d of %d photos in %.1f s (%.1f photos/s); outcomes %s; report %s%n",
                    s.aligned(), s.photos(), s.seconds(), s.photosPerSecond(), s.counts(), s.report());
        }
        return ExitCodes.OK;
    }

    /** Both models, checked by their input and outputs; an error names the flag of the one that is not what it should be. */
    private FaceAligner load() {
        try {
            return FaceAligner.load(detector, landmarks, minScore, mostCentral ? FaceChoice.MOST_CENTRAL : FaceChoice.MOST_CONFIDENT);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            String flag = m.startsWith(detector.toString()) ? "--detector " : m.startsWith(landmarks.toString()) ? "--landmarks " : "";
            throw new IllegalArgumentException(flag + m + (m.contains(" is not a ") ? " (are --detector and --landmarks swapped?)" : ""), e);
        }
    }
}

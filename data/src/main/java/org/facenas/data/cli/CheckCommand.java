package org.facenas.data.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facenas.data.FaceDataset;
import org.facenas.data.check.CheckReport;
import org.facenas.data.check.DatasetChecker;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.recordio.InsightFaceRecords;
import org.facenas.data.source.FaceSource;
import org.facenas.data.source.RecordIoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code facenas data check}: exit 0 when the dataset is clean, 1 with a summary otherwise. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Count identities and images; find unreadable files, wrong sizes, exact duplicates",
                "and identities/images named in pairs files but missing. An InsightFace set (train.rec/train.idx)",
                "is read record by record, its property checked and its .bin verification sets decoded.",
                "Exit 1 if anything is wrong; a corrupt record is a one-line error (exit 2)."})
public final class CheckCommand extends DataSubcommand {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "dataset folder: LFW layout or an InsightFace set")
    Path data;

    @Option(names = "--pairs", paramLabel = "FILE", split = ",",
            description = "LFW pairs file(s) or .bin verification sets to check (repeatable; default for an InsightFace set: its .bin files)")
    List<Path> pairsFiles = new ArrayList<>();

    @Option(names = "--size", paramLabel = "WxH", description = "expected image size (default: an InsightFace set's property, else 112x112)")
    String size;

    @Override
    int run() throws Exception {
        requireFolder(data, "--data", "a dataset folder");
        List<Pairs> pairs = new ArrayList<>();
        List<Path> bins = new ArrayList<>();
        for (Path p : pairsFiles) {
            if (p.getFileName().toString().endsWith(".bin")) {
                bins.add(requireFile(p, "--pairs", "a .bin verification set"));
            } else {
                pairs.add(Pairs.read(requireFile(p, "--pairs", "an LFW pairs file")));
            }
        }
        CheckReport report;
        if (InsightFaceRecords.isRecordFolder(data)) {
            try (RecordIoSource source = RecordIoSource.open(data)) {
                String expected = size != null ? size : source.records().property().map(p -> p.width() + "x" + p.height()).orElse("112x112");
                if (pairsFiles.isEmpty()) {
                    bins.addAll(source.defaultVerification());
                }
                report = checker(expected).check(source, pairs, bins);
            }
        } else if (!bins.isEmpty()) {
            try (FaceSource source = FaceSource.open(data)) {
                report = checker(size == null ? "112x112" : size).check(source, pairs, bins);
            }
        } else {
            report = checker(size == null ? "112x112" : size).check(FaceDataset.open(data), pairs);
        }
        List<String> lines = report.summaryLines();
        (report.isClean() ? out() : err()).println(String.join(System.lineSeparator(), lines));
        out().flush();
        err().flush();
        return report.isClean() ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    }

    private static DatasetChecker checker(String size) {
        String[] wh = size.split("x");
        try {
            return DatasetChecker.expectingSize(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--size '" + size + "' must look like 112x112");
        }
    }
}

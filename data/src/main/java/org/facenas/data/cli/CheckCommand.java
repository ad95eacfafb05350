package org.facenas.data.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facenas.data.FaceDataset;
import org.facenas.data.check.CheckReport;
import org.facenas.data.check.DatasetChecker;
import org.facenas.data.lfw.Pairs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code facenas data check}: exit 0 when the dataset is clean, 1 with a summary otherwise. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Count identities and images; find unreadable files, wrong sizes, exact duplicates",
                "and identities/images named in pairs files but missing. Exit 1 if anything is wrong."})
public final class CheckCommand extends DataSubcommand {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "dataset folder")
    Path data;

    @Option(names = "--pairs", paramLabel = "FILE", description = "LFW pairs file(s) to check against the dataset (repeatable)")
    List<Path> pairsFiles = new ArrayList<>();

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "112x112", description = "expected image size (default: ${DEFAULT-VALUE})")
    String size;

    @Override
    int run() throws Exception {
        requireFolder(data, "--data", "a dataset folder");
        String[] wh = size.split("x");
        int w;
        int h;
        try {
            w = Integer.parseInt(wh[0]);
            h = Integer.parseInt(wh[1]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--size '" + size + "' must look like 112x112");
        }
        List<Pairs> pairs = new ArrayList<>();
        for (Path p : pairsFiles) {
            pairs.add(Pairs.read(requireFile(p, "--pairs", "an LFW pairs file")));
        }
        CheckReport report = DatasetChecker.expectingSize(w, h).check(FaceDataset.open(data), pairs);
        List<String> lines = report.summaryLines();
        (report.isClean() ? out() : err()).println(String.join(System.lineSeparator(), lines));
        out().flush();
        err().flush();
        return report.isClean() ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
    }
}
